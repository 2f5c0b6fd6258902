/**
 * A complete echo server and client in one process, using only bunsock's public API.
 * The same code runs on Bun with `Bun.listen`/`Bun.connect`.
 *   npm start            run it (builds first)
 */
import { connect, listen } from "../src/index.js";

const server = listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    open(socket) {
      // Read while open: like Bun, a socket forgets addresses nobody asked for once closed.
      console.log(`server: connection from ${socket.remoteAddress}`);
    },
    data(socket, data) {
      socket.write(data);
    },
    close(socket) {
      console.log(`server: connection from ${socket.remoteAddress} closed`);
    },
  },
});
console.log(`server: listening on ${server.hostname}:${server.port}`);

const lines = ["hello", "from", "bunsock"];
let received = "";
const client = await connect({
  hostname: "127.0.0.1",
  port: server.port,
  socket: {
    data(socket, data) {
      received += data.toString();
      if (received.length === lines.join("\n").length) {
        console.log(`client: echoed back ${JSON.stringify(received)}`);
        socket.end();
      }
    },
    close() {
      console.log("client: closed");
      server.stop();
    },
  },
});
const written = client.write(lines.join("\n"));
console.log(`client: wrote ${written} bytes (readyState ${client.readyState})`);
