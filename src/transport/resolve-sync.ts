/**
 * Synchronous name resolution for listen(): Bun binds synchronously (spec §2), and
 * Node has no synchronous getaddrinfo. IP literals need none; names are looked up in
 * the hosts file, the first source getaddrinfo consults for local names, then with
 * `getent ahosts` (the system resolver, synchronously) where it exists.
 */
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { isIP } from "node:net";

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

function fromHostsFile(name: string): ResolvedAddress | undefined {
  let text: string;
  try {
    text = readFileSync("/etc/hosts", "utf8");
  } catch {
    return undefined;
  }
  const wanted = name.toLowerCase();
  let v6: ResolvedAddress | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") continue;
    const [address, ...names] = line.split(/\s+/);
    if (address === undefined || !names.some((n) => n.toLowerCase() === wanted)) continue;
    const family = isIP(address);
    if (family === 4) return { address, family };
    if (family === 6 && v6 === undefined) v6 = { address, family };
  }
  return v6;
}

function fromSystemResolver(name: string): ResolvedAddress | undefined {
  try {
    const out = execFileSync("getent", ["ahosts", name], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] });
    const first = out.split("\n")[0]?.split(/\s+/)[0];
    if (first === undefined) return undefined;
    const family = isIP(first);
    return family === 4 || family === 6 ? { address: first, family } : undefined;
  } catch {
    return undefined;
  }
}

/** The address a listen hostname binds to, preferring IPv4 as getaddrinfo's order does here. */
export function resolveSync(hostname: string): ResolvedAddress | undefined {
  const family = isIP(hostname);
  if (family === 4 || family === 6) return { address: hostname, family };
  return fromHostsFile(hostname) ?? fromSystemResolver(hostname);
}
