// ECONNREFUSED: connectError(socket, err) first (rs -1, data set, no remote address, write -1),
// then the promise rejects with a different but equal-shaped Error; open/close/end/error never run.
const info = (e) => ({
  e, message: e.message, keys: Object.keys(e).sort(), hasAddress: 'address' in e, hasPort: 'port' in e,
  isError: e instanceof Error,
});

export default async function ({ connect, listen, trace }) {
  const l = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop();
  let fromHandler;
  const never = (name) => () => trace('unexpected', name);
  const p = connect({
    hostname: '127.0.0.1', port, data: 'D',
    socket: {
      open: never('open'), close: never('close'), end: never('end'), error: never('error'), data() {},
      connectError(s, e) {
        fromHandler = e;
        trace('connectError', arguments.length, s.readyState, s.data, s.remoteAddress, s.remotePort, s.write('x'), info(e));
      },
    },
  });
  const e = await p.then(() => 'resolved', (x) => x);
  trace('rejected', info(e), e === fromHandler);
  const e2 = await connect({ hostname: '127.0.0.1', port, socket: { data() {} } }).catch((x) => x);
  trace('no connectError handler', info(e2));
}
