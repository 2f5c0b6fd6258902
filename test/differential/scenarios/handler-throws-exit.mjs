// A handler exception with no error handler and no uncaughtException listener makes the
// process exit with code 1 (after the scenario returned); later timers never run.
export const options = { exitCode: true };

export default async function ({ connect, listen, trace }) {
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      data(s, d) { trace('server', 'data', String(d)); const e = new Error('fatal'); e.code = 'E_FATAL'; throw e; },
      close() { trace('server', 'close'); },
    },
  });
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {}, close() { trace('client', 'close'); } } });
  c.write('boom');
  setTimeout(() => { trace('timer', 'ran (unexpected)'); listener.stop(true); }, 3000);
  trace('main', 'returned');
}
