// Pins cross-socket order Bun guarantees in one process (spec §1, §3):
// server open -> client open -> connect promise reaction -> microtasks queued in open.
export default async function ({ connect, listen, trace }) {
  let server;
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      open(s) { server = s; trace('order', 'server open', s.readyState); },
      data() {},
      close() { trace('order', 'server close'); },
    },
  });
  let fromOpen;
  const p = connect({
    hostname: '127.0.0.1', port: listener.port,
    socket: {
      open(s) {
        fromOpen = s;
        trace('order', 'client open', s.readyState);
        queueMicrotask(() => trace('order', 'microtask from open'));
      },
      data() {},
      close(s, e) { trace('order', 'client close', s.readyState, e); },
    },
  });
  trace('order', 'connect returned', p instanceof Promise);
  const c = await p;
  trace('order', 'resolved', c === fromOpen, c.readyState);
  await null;
  trace('order', 'end()', c.end());
  trace('order', 'after end', c.readyState);
  await new Promise((r) => setTimeout(r, 50));
  listener.stop(true);
  trace('order', 'stopped', server.readyState);
}
