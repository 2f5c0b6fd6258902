// If connectError throws, the promise rejects with the thrown value (no uncaught exception);
// with connectError and an un-awaited promise there is no unhandled rejection;
// without connectError and without catch there is one.
export const options = { uncaught: true, rejections: true };

export default async function ({ connect, listen, trace }) {
  const l = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop();
  const thrown = new RangeError('mine');
  const e = await connect({
    hostname: '127.0.0.1', port,
    socket: { data() {}, connectError() { throw thrown; } },
  }).catch((x) => x);
  trace('rejected with thrown', e === thrown);
  let called;
  const handled = new Promise((r) => { called = r; });
  connect({ hostname: '127.0.0.1', port, socket: { data() {}, connectError(s, err) { called(err); } } });
  trace('connectError only', await handled);
  connect({ hostname: '::1', port, socket: { data() {} } });
  await new Promise((r) => setTimeout(r, 100));
}
