/**
 * Transport selection, in child processes (it happens once per process): the default,
 * BUNSOCK_TRANSPORT=node|handle, and a value that names no transport. Each child
 * listens, connects and echoes through the chosen transport, and must print nothing
 * but its result: no deprecation warning on Node's default flags.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { runModule, type ChildResult } from "../helpers/child.js";

const SELECT = new URL("../../src/transport/select.js", import.meta.url).href;
const INDEX = new URL("../../src/index.js", import.meta.url).href;

const ECHO = `
import { selectTransport } from ${JSON.stringify(SELECT)};
import { connect, listen } from ${JSON.stringify(INDEX)};
let name;
try { name = selectTransport().name; } catch (e) { console.log(JSON.stringify({ error: e.code })); process.exit(0); }
const l = listen({ hostname: "127.0.0.1", port: 0, socket: { data(s, d) { s.end(d); } } });
const got = await new Promise((resolve, reject) => {
  connect({ hostname: "127.0.0.1", port: l.port, socket: {
    open(s) { s.write("echo"); },
    data(s, d) { resolve(String(d)); s.end(); },
    connectError(s, e) { reject(e); },
  } });
});
l.stop(true);
console.log(JSON.stringify({ name, got }));
`;

function run(env: Record<string, string | undefined>): Promise<ChildResult> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
  // The suite may itself run with a forced transport or warning flags; the child starts clean.
  if (!("BUNSOCK_TRANSPORT" in env)) delete childEnv.BUNSOCK_TRANSPORT;
  delete childEnv.NODE_OPTIONS;
  return runModule(ECHO, 10_000, childEnv);
}

for (const [label, env, expected] of [
  ["by default, the handle transport", {}, "handle"],
  ["BUNSOCK_TRANSPORT=handle", { BUNSOCK_TRANSPORT: "handle" }, "handle"],
  ["BUNSOCK_TRANSPORT=node", { BUNSOCK_TRANSPORT: "node" }, "node"],
] as const) {
  test(`${label}: echoes through "${expected}" and prints no warning`, async () => {
    const r = await run(env);
    assert.equal(r.stderr, "", "nothing on stderr (no DEP0111 on the default flags)");
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { name: expected, got: "echo" });
  });
}

test("BUNSOCK_TRANSPORT naming no transport is refused with a code, not silently replaced", async () => {
  const r = await run({ BUNSOCK_TRANSPORT: "nonesuch" });
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), { error: "ERR_BUNSOCK_TRANSPORT_UNAVAILABLE" });
});
