/**
 * Runs one workload for one contender: a server process, then a client process,
 * each of the contender's own kind. Returns metric values, or why there are none.
 * `argsFor(role)` adds runtime flags per process (the profiler's --cpu-prof).
 */
import { Proc } from "./proc.mjs";
import { paramsFor } from "./workloads.mjs";

/**
 * @returns {Promise<{ok: true, values: Record<string, number>, detail: object} | {ok: false, unavailable?: string, error?: string}>}
 */
export async function runOne(contender, workload, mode, { argsFor = () => [] } = {}) {
  const params = paramsFor(workload, mode);
  const waitMs = params.hardMs + 5000;
  const server = new Proc(contender, "server", workload, params, argsFor("server"));
  // Started at once, so its start-up overlaps the server's; it waits for "port N".
  const client = new Proc(contender, "client", workload, params, argsFor("client"));
  try {
    const ready = await server.next(20_000);
    if (ready.unavailable) return { ok: false, unavailable: ready.unavailable };
    if (ready.error) return { ok: false, error: `server: ${ready.error}` };
    client.send(`port ${ready.port}`);
    if (workload === "idle_memory") return await idleProtocol(server, client, params, waitMs);
    const msg = await client.next(waitMs);
    if (msg.unavailable) return { ok: false, unavailable: msg.unavailable };
    if (msg.error) return { ok: false, error: `client: ${msg.error}` };
    // The server's CPU time over the same window (null where it could not tell).
    server.send("cpu");
    const cpu = await server.next(5000).catch(() => ({}));
    const detail = { ...msg.result, serverCpuUs: typeof cpu.cpuUs === "number" ? cpu.cpuUs : null };
    // Byte streams: the server must have received exactly what the client counted as accepted.
    if (typeof msg.result.bytes === "number" && typeof cpu.received === "number" && cpu.received !== msg.result.bytes) {
      return { ok: false, error: `server received ${cpu.received} bytes, the client had ${msg.result.bytes} accepted` };
    }
    return { ok: true, values: { [workload]: msg.result.value }, detail };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    await Promise.all([client.stop(), server.stop()]);
  }
}

/**
 * Idle memory: both sides settle after `warm` connections and take a baseline, then
 * `steps` times `conns / steps` more connections are opened and both sides measure
 * again. Per process: (last - baseline) / conns is the reported value; each step's own
 * bytes per connection and their median are kept to show one-off jumps (bench/README.md).
 */
async function idleProtocol(server, client, params, waitMs) {
  const cBase = await client.next(waitMs);
  if (cBase.error) return { ok: false, error: `client: ${cBase.error}` };
  server.send("baseline");
  const sBase = await server.next(waitMs);
  if (sBase.error) return { ok: false, error: `server: ${sBase.error}` };
  const per = Math.ceil(params.conns / params.steps);
  const points = { server: [sBase.mem], client: [cBase.mem] };
  for (let step = 1; step <= params.steps; step++) {
    client.send("go");
    const c = await client.next(waitMs);
    if (c.error) return { ok: false, error: `client: ${c.error}` };
    const expected = params.warm + step * per;
    server.send(`measure ${expected}`);
    const s = await server.next(waitMs);
    if (s.error) return { ok: false, error: `server: ${s.error}` };
    if (s.open !== expected || c.open !== expected) {
      return { ok: false, error: `idle_memory: expected ${expected} open connections, server has ${s.open}, client ${c.open}` };
    }
    points.server.push(s.mem);
    points.client.push(c.mem);
  }
  const side = (pts) => {
    const n = per * params.steps;
    const last = pts[pts.length - 1];
    const rssSteps = pts.slice(1).map((p, i) => (p.rss - pts[i].rss) / per);
    return {
      rss: (last.rss - pts[0].rss) / n,
      heap: (last.heap - pts[0].heap) / n,
      rssMedianStep: median(rssSteps),
      rssSteps,
      points: pts,
    };
  };
  const detail = { conns: per * params.steps, steps: params.steps, server: side(points.server), client: side(points.client) };
  return { ok: true, values: { idle_mem_server: detail.server.rss, idle_mem_client: detail.client.rss }, detail };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
