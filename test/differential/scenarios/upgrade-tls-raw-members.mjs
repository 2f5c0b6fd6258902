// upgradeTLS's raw half shares the TLS session (spec §5 upgradeTLS; probed on Bun 1.4.5):
// its TLS members report the TLS half's state (cipher, version, ALPN, certificates, session,
// keying material, servername, verdict), and answer as closed once the raw half itself has
// closed, or in the turn of its end(); the TLS half's end() does not close them. What Bun
// keeps per socket object stays the raw half's own: `authorized` is false, it has no session
// ticket, and once closed no authorization error. Its setters act as the TLS half's, except
// that setServername() renames only the session: both halves report the new name, while the
// SNI already chosen and the name verified stay the TLS half's. Client and server side.
import { pair, serverTls, trustTls, clientCertTls, deferred, tlsState, certSummary, authErr } from '../lib.mjs';

const attempt = (fn) => {
  try {
    return ['returns', fn()];
  } catch (e) {
    return ['throws', authErr(e)]; // class and code only: tests never compare messages
  }
};

/** tlsState plus the detailed peer certificate (a boolean argument is checked). */
const rawState = (raw) => ({ ...tlsState(raw), detailed: attempt(() => certSummary(raw.getPeerCertificate(true))) });

/**
 * The setters, each with its argument checks. A name or session that would change the
 * handshake is left out here; setServername's effect is traced on its own.
 */
const setters = (s) => ({
  setServername: [attempt(() => s.setServername()), attempt(() => s.setServername(1))],
  setSession: attempt(() => s.setSession(1)),
  setVerifyMode: [attempt(() => s.setVerifyMode()), attempt(() => s.setVerifyMode(1, 2))],
  'setMaxSendFragment(511,512,16384,16385,"x")': [511, 512, 16384, 16385, 'x'].map((n) => attempt(() => s.setMaxSendFragment(n))),
  disableRenegotiation: attempt(() => s.disableRenegotiation()),
  renegotiate: attempt(() => s.renegotiate()),
});

/** The client upgrades; the TLS half ends with tls.end() or raw.end() once its data came back. */
async function client(ctx, trace, closeWith) {
  const c = (...v) => trace(`client ${closeWith}.end`, ...v);
  const done = deferred();
  let raw;
  let tls;
  await pair(ctx, {
    listenOpts: { tls: { ...serverTls(), ALPNProtocols: Buffer.from('\x02h2\x08http/1.1') } },
    connectOpts: { hostname: 'localhost' },
    server: {
      handshake(s) { c('server saw SNI', s.getServername()); },
      data(s, d) { s.write(d); },
    },
    client: {
      open(s) {
        [raw, tls] = s.upgradeTLS({
          tls: trustTls({ ALPNProtocols: Buffer.from('\x08http/1.1') }),
          socket: {
            handshake(t, ok, err) {
              c('tls handshake', ok, authErr(err), t.authorized);
              c('raw at tls handshake', rawState(raw));
              c('raw setters at tls handshake', setters(raw), attempt(() => raw.setServername('late.test')),
                attempt(() => raw.setSession(Buffer.from('zz'))), attempt(() => raw.setVerifyMode(false, false)));
              t.write('x');
            },
            data(t) {
              c('raw after data', rawState(raw));
              if (closeWith === 'tls') {
                c('tls.end()', t.end());
                c('raw after tls.end()', rawState(raw));
              } else {
                c('raw.end()', raw.end());
                c('raw after raw.end()', rawState(raw), setters(raw));
              }
            },
            close(t) { c('raw at tls close', rawState(raw)); done.resolve(); },
          },
        });
        c('raw after upgradeTLS', rawState(raw), setters(raw));
        // Renames the shared session only: the SNI sent and the name verified stay "localhost".
        c('raw.setServername', attempt(() => raw.setServername('other.test')), raw.getServername(), tls.getServername());
      },
      data() {},
      close(s) {
        c('raw close', rawState(s));
        c('raw setters after close', setters(s), attempt(() => s.setServername('x.test')),
          attempt(() => s.setSession(Buffer.from('zz'))), attempt(() => s.setVerifyMode(false, false)));
      },
    },
  });
  await done.promise;
}

/** The server upgrades an accepted socket; with `cert` it asks for (and gets) a client certificate. */
async function server(ctx, trace, cert) {
  const sv = (...v) => trace(`server ${cert ? 'client cert' : 'no client cert'}`, ...v);
  const done = deferred();
  let raw;
  await pair(ctx, {
    connectOpts: { hostname: 'localhost', tls: cert ? clientCertTls() : trustTls() },
    server: {
      open(s) {
        [raw] = s.upgradeTLS({
          tls: cert ? { ...serverTls(), requestCert: true, ca: clientCertTls().ca } : serverTls(),
          socket: {
            handshake(t, ok, err) {
              sv('tls handshake', ok, authErr(err), t.authorized);
              sv('raw at tls handshake', rawState(raw), setters(raw));
            },
            data(t) {
              sv('raw after data', rawState(raw));
              t.end();
              sv('raw after tls.end()', rawState(raw));
            },
            close() { sv('raw at tls close', rawState(raw)); done.resolve(); },
          },
        });
        sv('raw after upgradeTLS', rawState(raw), setters(raw), attempt(() => raw.setServername('x.test')));
      },
      data() {},
      close(s) { sv('raw close', rawState(s), setters(s)); },
    },
    client: { handshake(s) { s.write('x'); }, data() {}, close() {} },
  });
  await done.promise;
}

export default async function ({ connect, listen, trace }) {
  const ctx = { connect, listen };
  await client(ctx, trace, 'tls');
  await client(ctx, trace, 'raw');
  await server(ctx, trace, false);
  await server(ctx, trace, true);
}
