// unref() on a client and unref() on the listener: the accepted server socket still keeps
// the process alive (spec §2), until the server ends it after a while.
export default async function ({ connect, listen, trace }) {
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      open(s) { setTimeout(() => { trace('server', 'end', s.end()); }, 200); },
      data() {},
      close(s) { trace('server', 'close', s.readyState); },
    },
  });
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  trace('main', c.unref(), listener.unref());
  listener.stop();
}
