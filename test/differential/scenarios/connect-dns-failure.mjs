// DNS failure for nonexistent.invalid: ENOTFOUND, errno 4, syscall getaddrinfo, hostname prop.
export default async function ({ connect, trace }) {
  let fromHandler;
  const e = await connect({
    hostname: 'nonexistent.invalid', port: 80,
    socket: { data() {}, connectError(s, err) { fromHandler = err; trace('connectError', s.readyState, err, err.hostname); } },
  }).catch((x) => x);
  trace('rejected', e, e.hostname, e.message, Object.keys(e).sort(), fromHandler !== e);
}
