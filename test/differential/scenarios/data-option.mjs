// data option: connect({data}) -> socket.data (also in connectError); listen({data}) ->
// listener.data shared by reference with every accepted socket; setting socket.data is per socket.
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const shared = { tag: 'listener' };
  const accepted = [];
  const two = deferred();
  const listener = listen({
    hostname: '127.0.0.1', port: 0, data: shared,
    socket: {
      open(s) { accepted.push(s); trace('server', 'open data same', s.data === shared, s.data === listener.data); if (accepted.length === 2) two.resolve(); },
      data() {},
    },
  });
  trace('listener.data same', listener.data === shared);
  const cdata = { tag: 'client' };
  const c1 = await connect({ hostname: '127.0.0.1', port: listener.port, data: cdata, socket: { data() {} } });
  const c2 = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  await two.promise;
  trace('client data', c1.data === cdata, c2.data);
  trace('shared between server sockets', accepted[0].data === accepted[1].data);
  accepted[0].data = 'own';
  trace('after set', accepted[0].data, accepted[1].data === shared, listener.data === shared);
  c1.data = 42;
  trace('client set', c1.data);
  listener.data = { tag: 'new' };
  trace('listener.data replaced', listener.data.tag, accepted[1].data === shared);
  const third = deferred();
  listener.reload({ socket: { open(s) { third.resolve(s); }, data() {} } });
  const c3 = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  const s3 = await third.promise;
  trace('later socket sees new listener.data', s3.data === listener.data, s3.data.tag);
  listener.stop();
  const errData = { tag: 'err' };
  const failed = await connect({
    hostname: '127.0.0.1', port: listener.port, data: errData,
    socket: { data() {}, connectError(s) { trace('connectError data', s.data === errData); } },
  }).catch((e) => e);
  trace('rejected', failed);
  for (const c of [c1, c2, c3]) c.end();
  for (const s of [...accepted, s3]) s.end();
}
