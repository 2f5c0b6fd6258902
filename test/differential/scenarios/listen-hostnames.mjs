// listener.hostname is the given string verbatim; which client families each bind accepts;
// ipv6Only on '::' refuses IPv4 clients.
export default async function ({ connect, listen, trace }) {
  const reach = async (hostname, port) => {
    try {
      const c = await connect({ hostname, port, socket: { data() {} } });
      c.end();
      return 'ok';
    } catch (e) {
      return e.code;
    }
  };
  for (const [hostname, extra] of [['0.0.0.0'], ['localhost'], ['LOCALHOST'], ['::'], ['::1'], ['::ffff:127.0.0.1'], ['::', { ipv6Only: true }]]) {
    const l = listen({ hostname, port: 0, ...extra, socket: { data() {} } });
    const label = extra ? `${hostname} ipv6Only` : hostname;
    trace(label, l.hostname, await reach('127.0.0.1', l.port), await reach('::1', l.port));
    l.stop(true);
  }
}
