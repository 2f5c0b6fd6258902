// binaryType applies to decrypted TLS data as to TCP: Buffer (own backing store), ArrayBuffer
// or plain Uint8Array, on client and server sockets. Spec §4 "binaryType".
import { pair, serverTls, trustTls, kind, text } from '../lib.mjs';

const shape = (d) => ({ ...kind(d), text: text(d), ownStore: d instanceof ArrayBuffer || (d.byteOffset === 0 && d.buffer.byteLength === d.byteLength) });

export default async function ({ connect, listen, trace }) {
  for (const binaryType of [undefined, 'buffer', 'arraybuffer', 'uint8array']) {
    const label = `binaryType ${binaryType}`;
    await pair({ connect, listen }, {
      listenOpts: { tls: serverTls() },
      connectOpts: { hostname: 'localhost', tls: trustTls() },
      server: { binaryType, data(s, d) { trace(label, 'server data', shape(d)); s.write('pong'); } },
      client: {
        binaryType,
        handshake(s) { s.write('ping'); },
        data(s, d) { trace(label, 'client data', shape(d)); s.end(); },
      },
    });
  }
}
