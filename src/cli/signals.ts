/**
 * Ctrl-C and SIGTERM: run the command's cleanup (close sockets, stop listeners), then
 * exit with the shell's code for the signal (130, 143).
 */
import { ExitCode } from "./exit-codes.js";
import { finish } from "./output.js";

/** Installs the handlers; returns a function that removes them. */
export function onStopSignals(cleanup: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    try {
      cleanup(signal);
    } finally {
      finish(signal === "SIGINT" ? ExitCode.sigint : ExitCode.sigterm);
    }
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
