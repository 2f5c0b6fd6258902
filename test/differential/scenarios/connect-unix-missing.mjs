// Connecting to a missing unix path rejects with ENOENT; a too-long path with EINVAL.
export default async function ({ connect, trace, tmpPath }) {
  for (const [label, unix] of [['missing', tmpPath('nope.sock')], ['relative missing', 'nope.sock'], ['too long', tmpPath('x'.repeat(200))]]) {
    let handlerErr;
    const e = await connect({ unix, socket: { data() {}, connectError(s, err) { handlerErr = err; trace(label, 'connectError', s.readyState); } } }).catch((x) => x);
    trace(label, 'rejected', e, e.message, handlerErr !== e, handlerErr?.code);
  }
}
