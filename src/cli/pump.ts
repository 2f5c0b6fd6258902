/**
 * Moves bytes between local streams (stdin/stdout) and one socket, keeping Bun's write
 * contract: `write()` returns the bytes accepted now; the caller keeps the rest and
 * sends it again on `drain` (spec §4, §6.2). Nothing is queued without bound: while a
 * remainder waits, the input stream is paused, so the kernel pushes back on the source.
 * The other way, a full output stream pauses the socket until the output drains.
 *
 * Half-close: when the input ends and everything was accepted, the socket's write
 * side is shut with `shutdown()` (FIN) and the peer's data keeps arriving.
 */
import type { Buffer } from "node:buffer";
import type { Readable, Writable } from "node:stream";
import type { Socket } from "../index.js";

export interface PumpOptions {
  /** Where socket bytes go (stdout). */
  output: Writable;
  /** Where bytes to send come from (stdin); `null`: send nothing (`-d`). */
  input: Readable | null;
  /**
   * True when the input is a terminal: once the peer has finished sending, nobody is
   * piping a stream to it any more, so the connection is ended at once (as nc does).
   */
  inputIsInteractive: boolean;
}

export class StdioPump {
  readonly #output: Writable;
  readonly #input: Readable | null;
  readonly #interactive: boolean;
  #socket: Socket<unknown> | null = null;
  /** The unaccepted tail of the last input chunk; the input is paused while it is set. */
  #pending: Buffer | null = null;
  #inputEnded = false;
  #writeSideDone = false;
  #peerEnded = false;
  #outputBlocked = false;
  #sent = 0;
  #received = 0;

  constructor(options: PumpOptions) {
    this.#output = options.output;
    this.#input = options.input;
    this.#interactive = options.inputIsInteractive;
  }

  /** Bytes accepted by the socket from the input so far. */
  get bytesSent(): number {
    return this.#sent;
  }

  /** Bytes received from the socket so far. */
  get bytesReceived(): number {
    return this.#received;
  }

  /** Starts moving bytes; call once the socket can carry data (after `open`, or after the TLS handshake). */
  attach(socket: Socket<unknown>): void {
    if (this.#socket !== null) return;
    this.#socket = socket;
    const input = this.#input;
    if (input === null) return;
    input.on("data", this.#onInput);
    input.once("end", this.#onInputEnd);
    // A read error on stdin (EIO on a vanished terminal) ends the input like EOF.
    input.once("error", this.#onInputEnd);
    input.resume();
  }

  /** Stops reading the input; the socket is closed or about to be. */
  detach(): void {
    const input = this.#input;
    if (input !== null) {
      input.off("data", this.#onInput);
      input.off("end", this.#onInputEnd);
      input.off("error", this.#onInputEnd);
      input.pause();
    }
    this.#pending = null;
    this.#socket = null;
  }

  /** The socket's `data` handler: to the output, pausing the socket while the output is full. */
  deliver(socket: Socket<unknown>, chunk: Uint8Array): void {
    this.#received += chunk.byteLength;
    if (this.#output.write(chunk) || this.#outputBlocked) return;
    this.#outputBlocked = true;
    socket.pause();
    this.#output.once("drain", () => {
      this.#outputBlocked = false;
      socket.resume();
    });
  }

  /** The socket's `drain` handler: sends the waiting remainder, then reads on. */
  drained(): void {
    const pending = this.#pending;
    if (pending === null) return;
    this.#pending = null;
    if (!this.#send(pending)) return;
    if (this.#inputEnded) this.#finishWriting();
    else this.#input?.resume();
  }

  /**
   * The socket's `end` handler (the socket is opened with allowHalfOpen): the peer
   * sent FIN. A piped input is still sent in full; otherwise the connection ends now.
   */
  peerEnded(): void {
    this.#peerEnded = true;
    const socket = this.#socket;
    if (socket === null || this.#writeSideDone) return;
    if (this.#input === null || this.#interactive) {
      this.#writeSideDone = true;
      socket.end();
    }
  }

  #onInput = (chunk: Buffer): void => {
    this.#send(chunk);
  };

  #onInputEnd = (): void => {
    this.#inputEnded = true;
    if (this.#pending === null) this.#finishWriting();
  };

  /** Writes `bytes`; true when all were accepted. A remainder waits for `drain`. */
  #send(bytes: Buffer): boolean {
    const socket = this.#socket;
    if (socket === null) return false;
    const n = socket.write(bytes);
    if (n < 0) {
      // Closed (or our write side is gone): `close` reports how; stop reading.
      this.#input?.pause();
      return false;
    }
    this.#sent += n;
    if (n < bytes.byteLength) {
      this.#pending = bytes.subarray(n);
      this.#input?.pause();
      return false;
    }
    return true;
  }

  /** Everything from the input was accepted: half-close, or close if the peer already finished. */
  #finishWriting(): void {
    const socket = this.#socket;
    if (socket === null || this.#writeSideDone) return;
    this.#writeSideDone = true;
    if (this.#peerEnded) socket.end();
    else socket.shutdown();
  }
}
