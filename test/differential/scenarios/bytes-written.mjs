// bytesWritten counts accepted bytes (UTF-8, binary, end(data)); unchanged after close.
import { pair } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: { data() {} },
    client: { data() {} },
    setup(c) {
      const seq = [c.bytesWritten];
      c.write('ab'); seq.push(c.bytesWritten);
      c.write('é'); seq.push(c.bytesWritten);
      c.write(new Uint16Array(3)); seq.push(c.bytesWritten);
      c.write(new Uint8Array(10), 2, 3); seq.push(c.bytesWritten);
      c.write(''); seq.push(c.bytesWritten);
      c.end('xyz'); seq.push(c.bytesWritten);
      c.write('more'); seq.push(c.bytesWritten);
      trace('bytesWritten', seq);
    },
  });
}
