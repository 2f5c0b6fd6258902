// Closing a TLS socket whose handshake has not finished (the peer never answers, or never
// sends its hello). terminate(), close(), end() and end(undefined) fail the handshake inside
// the call: handshake(false, ECONNRESET), or `open` for a client without a handshake
// handler, then close. end(data) and end('') drop the data (0, or -1 for no bytes) and
// keep the socket open until the handshake is done; here it never is, so terminate() ends it.
import { deferred, fixture, tlsRecorder, authErr } from '../lib.mjs';

const CALLS = {
  terminate: (s) => s.terminate(),
  close: (s) => s.close(),
  'end()': (s) => s.end(),
  'end(undefined)': (s) => s.end(undefined),
  "end('')": (s) => s.end(''),
  "end('x')": (s) => s.end('x'),
  'end(Uint8Array(0))': (s) => s.end(new Uint8Array(0)),
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function (ctx) {
  await outer(ctx);
  await inner(ctx);
}

async function outer({ connect, listen, trace }) {
  for (const [name, call] of Object.entries(CALLS)) {
    // Client side: a plain listener that never answers the ClientHello.
    for (const withHandshake of [true, false]) {
      const ch = `client ${name}${withHandshake ? '' : ' (no handshake handler)'}`;
      const closed = deferred();
      const l = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
      const h = tlsRecorder(trace, ch, {
        handshake: withHandshake ? undefined : null,
        open: (s) => trace(ch, 'authorizationError in open', authErr(s.getAuthorizationError())),
        close: () => closed.resolve(),
      });
      const c = await connect({ hostname: '127.0.0.1', port: l.port, tls: true, socket: h });
      await sleep(30);
      trace(ch, `${name} ->`, call(c), c.readyState);
      trace(ch, 'after: authorized, authorizationError', c.authorized, authErr(c.getAuthorizationError()));
      await sleep(30);
      if (c.readyState !== -1) {
        trace(ch, 'still open; terminate');
        c.terminate();
      }
      await closed.promise;
      l.stop(true);
    }
    // Server side: a TLS listener with a handshake handler (open comes first) and a peer that sends nothing.
    const sh = `server ${name}`;
    const closed = deferred();
    const opened = deferred();
    const l = listen({
      hostname: '127.0.0.1', port: 0, tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') },
      socket: tlsRecorder(trace, sh, { open: (s) => opened.resolve(s), close: () => closed.resolve() }),
    });
    const peerClosed = deferred();
    const peer = await connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, close: () => peerClosed.resolve() } });
    const s = await opened.promise;
    trace(sh, `${name} ->`, call(s), s.readyState);
    await sleep(30);
    if (s.readyState !== -1) {
      trace(sh, 'still open; terminate');
      s.terminate();
    }
    await closed.promise;
    peer.end();
    await peerClosed.promise;
    l.stop(true);
  }
}

// Calls made inside the handshake(false) report itself: terminate() and close() close at
// once, end() answers 0 and the socket closes after the report. The handshake fails either
// because we terminated it or because the (plain) peer closed.
export async function inner({ connect, listen, trace }) {
  for (const cause of ['terminate', 'peer closes']) {
    for (const name of ['terminate', 'close', 'end']) {
      const ch = `inside handshake(false) after ${cause}: ${name}`;
      const closed = deferred();
      const l = listen({ hostname: '127.0.0.1', port: 0, socket: { data(s) { if (cause === 'peer closes') s.end(); } } });
      const c = await connect({
        hostname: '127.0.0.1', port: l.port, tls: true,
        socket: tlsRecorder(trace, ch, {
          handshake: (s) => trace(ch, `${name}() ->`, s[name](), s.readyState),
          close: () => closed.resolve(),
        }),
      });
      await sleep(30);
      if (cause === 'terminate') c.terminate();
      await closed.promise;
      l.stop(true);
    }
  }
}
