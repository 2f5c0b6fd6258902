// Session resumption: a session from getSession() (taken once the TLS 1.3 ticket arrived, or
// in handshake on TLS 1.2), given back with setSession() in open of a client that has a
// handshake handler, is reused (isSessionReused() true on both ends). Not reused: setSession
// in open without a handshake handler, setSession inside handshake, or the ticket given
// instead of the session. setSession's validation. Spec §5 "setSession / resumption".
import { pair, serverTls, trustTls, attempt, deferred } from '../lib.mjs';

async function once(ctx, listener, clientTls, { setIn, handshakeHandler = true, take }) {
  const closed = deferred();
  const seen = {};
  const socket = {
    open(s) { if (setIn === 'open') s.setSession(take.value); },
    data(s) { seen.session = s.getSession(); seen.ticket = s.getTLSTicket(); s.end(); },
    close() { closed.resolve(); },
  };
  const after = (s) => {
    if (setIn === 'handshake') s.setSession(take.value);
    seen.reused = s.isSessionReused();
    s.write('x');
  };
  if (handshakeHandler) socket.handshake = after;
  else {
    const open = socket.open;
    socket.open = (s) => { open(s); after(s); };
  }
  await ctx.connect({ hostname: 'localhost', port: listener.port, tls: clientTls, socket });
  await closed.promise;
  return seen;
}

async function run(ctx, trace, label, serverExtra) {
  const serverReused = [];
  const listener = ctx.listen({
    hostname: '127.0.0.1', port: 0, tls: { ...serverTls(), ...serverExtra },
    socket: { handshake(s) { serverReused.push(s.isSessionReused()); }, data(s, d) { s.write(d); } },
  });
  const first = await once(ctx, listener, trustTls(), { take: {} });
  const cases = [
    ['setSession in open, handshake handler', { setIn: 'open', take: { value: first.session } }],
    ['setSession in open, no handshake handler', { setIn: 'open', handshakeHandler: false, take: { value: first.session } }],
    ['setSession in handshake', { setIn: 'handshake', take: { value: first.session } }],
    ['ticket instead of session', { setIn: 'open', take: { value: first.ticket } }],
  ];
  trace(label, 'first', first.reused, Buffer.isBuffer(first.session), Buffer.isBuffer(first.ticket));
  for (const [name, opts] of cases) {
    const r = await once(ctx, listener, trustTls(), opts);
    trace(label, name, r.reused);
  }
  trace(label, 'server isSessionReused per connection', serverReused);
  listener.stop(true);
}

export default async function ({ connect, listen, trace }) {
  await run({ connect, listen }, trace, 'TLSv1.3', {});
  await run({ connect, listen }, trace, 'TLSv1.2', { maxVersion: 771 });
  await pair({ connect, listen }, {
    listenOpts: { tls: serverTls() },
    connectOpts: { hostname: 'localhost', tls: trustTls() },
    server: { data() {} },
    client: {
      open(s) {
        for (const v of [undefined, 5, {}, null, 'not a session', Buffer.from('garbage'), new Uint8Array(3)]) {
          trace('setSession validation', attempt(() => s.setSession(v)));
        }
      },
      handshake(s) { s.end(); },
      data() {},
    },
  });
}
