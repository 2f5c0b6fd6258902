// Pins Bun's order around end(): close runs inside end(); the peer then sees
// end -> close; listener.stop(true) closes the server socket before the client sees end.
export default async function ({ connect, listen, trace }) {
  let done;
  const all = new Promise((r) => { done = r; });
  let closes = 0;
  const bump = () => { if (++closes === 4) done(); };
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      data(s, d) { trace('order', 'server data', String(d)); },
      end(s) { trace('order', 'server end', s.readyState); },
      close(s, e) { trace('order', 'server close', s.readyState, e); bump(); },
    },
  });
  const c1 = await connect({
    hostname: '127.0.0.1', port: listener.port,
    socket: {
      data() {},
      close(s, e) { trace('order', 'c1 close', s.readyState, e); bump(); },
    },
  });
  trace('order', 'c1 write', c1.write('x'));
  trace('order', 'c1 end() ->', c1.end());
  await new Promise((r) => setTimeout(r, 50));
  const c2 = await connect({
    hostname: '127.0.0.1', port: listener.port,
    socket: {
      data() {},
      end(s) { trace('order', 'c2 end', s.readyState); },
      close(s, e) { trace('order', 'c2 close', s.readyState, e); bump(); },
    },
  });
  await new Promise((r) => setTimeout(r, 50));
  trace('order', 'stop(true) ->', listener.stop(true));
  await all;
  trace('order', 'c2 state', c2.readyState);
}
