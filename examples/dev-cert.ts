/**
 * The development certificate shipped in examples/certs/ (self-signed for localhost,
 * 127.0.0.1 and ::1; development only: its key is public). Found next to this file
 * when run from source (bun examples/x.ts) or from the compiled dist/examples/.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

export interface DevCert {
  /** PEM of the certificate; clients pass it as `ca` to trust it. */
  cert: string;
  key: string;
  /** The certificate's path relative to the working directory, for printed instructions. */
  certPath: string;
}

export function devCert(): DevCert {
  for (const dir of ["./certs/", "../../examples/certs/"]) {
    const certFile = fileURLToPath(new URL(`${dir}dev-cert.pem`, import.meta.url));
    if (!existsSync(certFile)) continue;
    return {
      cert: readFileSync(certFile, "utf8"),
      key: readFileSync(fileURLToPath(new URL(`${dir}dev-key.pem`, import.meta.url)), "utf8"),
      certPath: relative(process.cwd(), certFile) || certFile,
    };
  }
  throw new Error("examples/certs/dev-cert.pem not found (run from a bunsock checkout)");
}
