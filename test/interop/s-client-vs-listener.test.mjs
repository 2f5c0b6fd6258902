// `openssl s_client` (an independent TLS implementation) against a bunsock TLS listener:
// TLS 1.3 and 1.2 forced by the client, ALPN, client certificates (verified, missing), SNI.
// The listener answers the client's line and ends the TLS session; we check both what
// s_client reports and what the bunsock handlers saw.
//   node --test test/interop/s-client-vs-listener.test.mjs    (needs `npm run build` and openssl)
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { listen } from '../../dist/src/index.js';
import { alpnWire, fixturePath, opensslVersion, pem, startSClient, within } from './openssl.mjs';

const TEST_MS = 20_000;

/**
 * Listens with `tls`, runs s_client with `args`, sends "ping" on s_client's stdin; the server
 * replies "pong from bunsock" and ends. Resolves with the server's observations and s_client
 * once both the server socket closed and s_client exited. Kills s_client and stops the
 * listener whatever happens.
 */
async function exchange(tls, args) {
  const seen = { handshake: undefined, data: '', errors: [], closed: false };
  let serverClosed;
  const closed = new Promise((resolve) => { serverClosed = resolve; });
  const listener = listen({
    hostname: '127.0.0.1',
    port: 0,
    tls: { cert: pem('server.pem'), key: pem('server-key.pem'), ...tls },
    socket: {
      handshake(s, success, authorizationError) {
        seen.handshake = {
          success,
          code: authorizationError?.code ?? null,
          authorized: s.authorized,
          version: s.getTLSVersion(),
          cipher: s.getCipher()?.name,
          alpn: s.alpnProtocol,
          servername: s.getServername(),
          peerCert: s.getPeerCertificate()?.subject?.CN,
        };
      },
      data(s, d) {
        seen.data += d.toString();
        if (seen.data.endsWith('\n')) seen.written = s.end('pong from bunsock\n');
      },
      error(s, e) { seen.errors.push(e.code); },
      close() { seen.closed = true; serverClosed(); },
    },
  });
  const client = startSClient(listener.port, ['-CAfile', fixturePath('ca.pem'), ...args]);
  try {
    client.write('ping\n'); // s_client sends it once its handshake is done
    await within(TEST_MS / 2, 'server socket close', closed);
    await within(5_000, 's_client exit', client.exited);
    return { seen, client };
  } finally {
    await client.kill();
    listener.stop(true);
  }
}

/** s_client's summary line "New, TLSv1.3, Cipher is X" → { version, cipher }. */
function negotiated(stdout) {
  const m = /New, (TLSv1\.\d), Cipher is (\S+)/.exec(stdout);
  return m ? { version: m[1], cipher: m[2] } : undefined;
}

describe('openssl s_client vs bunsock listener', { timeout: 120_000 }, () => {
  before(() => {
    assert.ok(opensslVersion(), 'the openssl CLI is required (.ci/run installs it)');
  });

  for (const [flag, version] of [['-tls1_3', 'TLSv1.3'], ['-tls1_2', 'TLSv1.2']]) {
    test(`${version} forced by s_client: verified by s_client, SNI, data both ways`, { timeout: TEST_MS }, async () => {
      const { seen, client } = await exchange({}, [flag, '-servername', 'localhost', '-verify_return_error']);
      assert.equal(seen.handshake.success, true);
      assert.equal(seen.handshake.version, version);
      assert.equal(seen.handshake.servername, 'localhost');
      assert.equal(seen.handshake.alpn, false);
      assert.equal(seen.handshake.peerCert, undefined);
      assert.equal(seen.data, 'ping\n');
      assert.equal(seen.written, 'pong from bunsock\n'.length);
      assert.deepEqual(seen.errors, []);
      assert.deepEqual(negotiated(client.stdout), { version, cipher: seen.handshake.cipher });
      assert.match(client.stdout, /Verify return code: 0 \(ok\)/);
      assert.match(client.stdout, /subject=C = US, O = bunsock, CN = localhost/);
      assert.match(client.stdout, /pong from bunsock/);
      assert.match(client.stdout, /No ALPN negotiated/);
    });
  }

  for (const [flag, version] of [['-tls1_3', 'TLSv1.3'], ['-tls1_2', 'TLSv1.2']]) {
    test(`${version} ALPN: the bunsock listener selects from what s_client offers`, { timeout: TEST_MS }, async () => {
      const { seen, client } = await exchange({ ALPNProtocols: alpnWire('h2', 'http/1.1') }, [flag, '-alpn', 'http/1.1,h2', '-servername', 'localhost']);
      assert.equal(seen.handshake.success, true);
      assert.equal(seen.handshake.alpn, 'h2');
      assert.match(client.stdout, new RegExp(`Protocol *: ${version}\\b|New, ${version}\\b`));
      assert.match(client.stdout, /ALPN protocol: h2/);
      assert.match(client.stdout, /pong from bunsock/);
    });
  }

  for (const [flag, version] of [['-tls1_3', 'TLSv1.3'], ['-tls1_2', 'TLSv1.2']]) {
    test(`${version}: requestCert verifies s_client's certificate`, { timeout: TEST_MS }, async () => {
      const { seen, client } = await exchange(
        { requestCert: true, ca: pem('ca.pem') },
        [flag, '-servername', 'localhost', '-cert', fixturePath('client.pem'), '-key', fixturePath('client-key.pem')]);
      assert.deepEqual(
        { success: seen.handshake.success, code: seen.handshake.code, authorized: seen.handshake.authorized, peerCert: seen.handshake.peerCert },
        { success: true, code: null, authorized: true, peerCert: 'bunsock client' });
      assert.equal(seen.data, 'ping\n');
      assert.match(client.stdout, /pong from bunsock/);
      assert.match(client.stdout, /Acceptable client certificate CA names\s+C = US, O = bunsock, CN = bunsock test CA/);
    });
  }

  test('requestCert and s_client without a certificate: the server fails the handshake', { timeout: TEST_MS }, async () => {
    const { seen, client } = await exchange({ requestCert: true, ca: pem('ca.pem') }, ['-tls1_3', '-servername', 'localhost']);
    assert.equal(seen.handshake.success, false);
    assert.equal(seen.handshake.code, 'EPROTO');
    assert.equal(seen.data, '');
    assert.equal(seen.closed, true);
    assert.doesNotMatch(client.stdout, /pong from bunsock/);
    assert.match(client.stdout + client.stderr, /certificate required/i);
  });

  test('s_client checking a name the certificate does not carry fails its verification', { timeout: TEST_MS }, async () => {
    const { seen, client } = await exchange({}, ['-servername', 'other.test', '-verify_hostname', 'other.test', '-verify_return_error']);
    assert.equal(seen.handshake.success, false);
    // The failed session is gone by then on node:tls (docs/compat.md "TLS getters after a
    // failed server handshake"); Bun would still report 'other.test'.
    assert.equal(seen.handshake.servername, undefined);
    assert.equal(seen.data, '');
    assert.match(client.stdout + client.stderr, /hostname mismatch/);
  });
});
