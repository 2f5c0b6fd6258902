// An unref'd listener with no connections does not keep the process alive:
// the scenario returns without stop() and the process must exit by itself.
export default async function ({ listen, trace }) {
  const listener = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  trace('unref', listener.unref());
}
