// Uses the globals Bun.connect / Bun.listen literally (on Node: installed by bunsock/global).
export const options = { global: true };

export default async function ({ trace }) {
  trace('typeof', typeof Bun, typeof Bun.connect, typeof Bun.listen);
  let closes = 0;
  let done;
  const allClosed = new Promise((r) => { done = r; });
  const close = (who) => (s, e) => { trace(who, 'close', s.readyState, e); if (++closes === 2) done(); };
  const listener = Bun.listen({
    hostname: '127.0.0.1', port: 0,
    socket: { data(s, d) { trace('server', 'data', String(d)); s.write('pong'); }, close: close('server') },
  });
  const c = await Bun.connect({
    hostname: '127.0.0.1', port: listener.port,
    socket: { open(s) { s.write('ping'); }, data(s, d) { trace('client', 'data', String(d)); s.end(); }, close: close('client') },
  });
  trace('client', 'resolved', typeof c.write);
  await allClosed;
  listener.stop();
}
