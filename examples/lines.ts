/**
 * Line framing for the text examples (chat, STARTTLS, unix socket): a TCP stream has
 * no message boundaries, so bytes are gathered until "\n". Bounded: a line longer
 * than `maxLine` bytes is an error instead of an ever-growing buffer.
 */
import { Buffer } from "node:buffer";
import { StringDecoder } from "node:string_decoder";

export class LineSplitter {
  readonly #decoder = new StringDecoder("utf8");
  readonly #maxLine: number;
  #partial = "";

  constructor(maxLine = 4096) {
    this.#maxLine = maxLine;
  }

  /**
   * Adds bytes; returns the complete lines they finish (without "\r\n"/"\n"), or
   * `null` when the unfinished line grew past `maxLine` (the caller should hang up).
   */
  push(chunk: Uint8Array): string[] | null {
    // The decoder keeps a UTF-8 sequence split across chunks for the next call.
    const text = this.#partial + this.#decoder.write(chunk);
    const parts = text.split("\n");
    this.#partial = parts.pop() as string;
    const tooLong = (line: string): boolean => Buffer.byteLength(line) > this.#maxLine;
    if (tooLong(this.#partial) || parts.some(tooLong)) return null;
    return parts.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  }
}
