// stop(true) closes accepted sockets (also after a previous stop()): server close(undefined),
// client end -> close(undefined).
import { deferred, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const first of [false, true]) {
    const ch = first ? 'stop() then stop(true)' : 'stop(true)';
    const srv = deferred();
    const cClosed = deferred();
    const listener = listen({ hostname: '127.0.0.1', port: 0, socket: recorder(trace, `${ch}: server`, { open: (s) => srv.resolve(s) }) });
    await connect({ hostname: '127.0.0.1', port: listener.port, socket: recorder(trace, `${ch}: client`, { close: () => cClosed.resolve() }) });
    await srv.promise;
    if (first) listener.stop();
    trace(ch, 'stop(true) ->', listener.stop(true));
    await cClosed.promise;
  }
}
