import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { normaliseOptions, normaliseReload, validateHandlers } from "../../src/options.js";

const h = { data() {} };

/** Asserts `fn` throws an error of class `cls` with `code` (undefined = must have no code). */
function throwsCoded(fn: () => unknown, cls: ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor, code: string | undefined): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    assert.equal((e as Error).name, cls.name);
    assert.equal((e as { code?: unknown }).code, code);
    return true;
  });
}

const TE = (fn: () => unknown): void => throwsCoded(fn, TypeError, "ERR_INVALID_ARG_TYPE");
const RE = (fn: () => unknown): void => throwsCoded(fn, RangeError, "ERR_OUT_OF_RANGE");
const connectOpts = (o: unknown) => () => normaliseOptions(o, "connect");
const listenOpts = (o: unknown) => () => normaliseOptions(o, "listen");

describe("options: missing or malformed options object", () => {
  for (const bad of [undefined, null, 5, "x", true]) {
    test(`connect(${String(bad)}) → TypeError ERR_INVALID_ARG_TYPE`, () => TE(connectOpts(bad)));
    test(`listen(${String(bad)}) → TypeError ERR_INVALID_ARG_TYPE`, () => TE(listenOpts(bad)));
  }
  test("messages differ between connect and listen (spec §2)", () => {
    assert.throws(connectOpts(undefined), { message: "Expected options object" });
    assert.throws(listenOpts(undefined), { message: "Expected object" });
  });
  test("no socket → TypeError", () => TE(connectOpts({ hostname: "a", port: 1 })));
  for (const bad of [5, null, [], "x"]) {
    test(`socket: ${JSON.stringify(bad)} → TypeError`, () => TE(connectOpts({ hostname: "a", port: 1, socket: bad })));
  }
  test("a function passes the socket-object check", () => {
    const fn = Object.assign(function () {}, { data() {} });
    assert.doesNotThrow(connectOpts({ hostname: "a", port: 1, socket: fn }));
  });
});

describe("options: handler table", () => {
  test("needs data or drain", () => {
    TE(connectOpts({ hostname: "a", port: 1, socket: {} }));
    TE(connectOpts({ hostname: "a", port: 1, socket: { open() {}, close() {}, error() {} } }));
    assert.doesNotThrow(connectOpts({ hostname: "a", port: 1, socket: { drain() {} } }));
    assert.doesNotThrow(connectOpts({ hostname: "a", port: 1, socket: { data() {} } }));
  });
  for (const name of ["open", "close", "data", "drain", "timeout", "connectError", "end", "error", "handshake"]) {
    test(`${name}: 5 → TypeError`, () => TE(connectOpts({ hostname: "a", port: 1, socket: { data() {}, drain() {}, [name]: 5 } })));
  }
  test("null/undefined handler values count as absent", () => {
    const o = normaliseOptions({ hostname: "a", port: 1, socket: { data() {}, open: null, close: undefined } }, "connect");
    assert.equal(o.handlers.open, undefined);
    assert.equal(o.handlers.close, undefined);
    assert.equal(typeof o.handlers.data, "function");
  });
  test("unknown keys are ignored", () => {
    assert.doesNotThrow(connectOpts({ hostname: "a", port: 1, socket: { data() {}, foo: 5 } }));
  });
  test("handler-type check order follows open › close › data › drain ... (message names the first)", () => {
    assert.throws(connectOpts({ hostname: "a", port: 1, socket: { data() {}, end: 1, close: 1 } }), {
      message: 'Expected "onClose" callback to be a function',
    });
    assert.throws(connectOpts({ hostname: "a", port: 1, socket: { drain: 1, data: 1 } }), {
      message: 'Expected "onData" callback to be a function',
    });
  });
  test("binaryType: default buffer; the three values accepted", () => {
    assert.equal(normaliseOptions({ hostname: "a", port: 1, socket: h }, "connect").handlers.binaryType, "buffer");
    for (const bt of ["buffer", "arraybuffer", "uint8array"] as const) {
      assert.equal(normaliseOptions({ hostname: "a", port: 1, socket: { ...h, binaryType: bt } }, "connect").handlers.binaryType, bt);
    }
  });
  for (const bad of ["blob", "nodebuffer", 5, ""]) {
    test(`binaryType ${JSON.stringify(bad)} → TypeError`, () => TE(connectOpts({ hostname: "a", port: 1, socket: { ...h, binaryType: bad } })));
  }
  test("a top-level binaryType is ignored, even invalid", () => {
    assert.doesNotThrow(connectOpts({ hostname: "a", port: 1, binaryType: "bogus", socket: h }));
  });
  test("the table is frozen", () => {
    assert.ok(Object.isFrozen(validateHandlers(h)));
  });
});

describe("options: port", () => {
  for (const [given, want] of [["80", 80], [80n, 80], [true, 1], [0, 0], ["", 0], [-0, 0], [65535, 65535]] as const) {
    test(`port ${typeof given} ${String(given)} coerces to ${want}`, () => {
      const o = normaliseOptions({ hostname: "a", port: given, socket: h }, "connect");
      assert.equal(o.target.kind, "tcp");
      assert.ok(o.target.kind === "tcp" && o.target.port === want, `port ${o.target.kind === "tcp" ? o.target.port : "?"}`);
    });
  }
  for (const bad of [-1, 65536, 70000]) {
    test(`port ${bad} → RangeError ERR_OUT_OF_RANGE`, () => RE(connectOpts({ hostname: "a", port: bad, socket: h })));
  }
  for (const bad of [Number.NaN, "abc", {}, Infinity, 1.5]) {
    test(`port ${String(bad)} (not an integer) → RangeError`, () => RE(connectOpts({ hostname: "a", port: bad, socket: h })));
  }
  test("missing / null port with a hostname → TypeError", () => {
    TE(connectOpts({ hostname: "a", socket: h }));
    TE(connectOpts({ hostname: "a", port: null, socket: h }));
    TE(listenOpts({ hostname: "a", socket: h }));
  });
  test("listen accepts port '0'", () => {
    assert.deepEqual(normaliseOptions({ hostname: "a", port: "0", socket: h }, "listen").target, { kind: "tcp", hostname: "a", port: 0 });
  });
});

describe("options: hostname, host alias, unix, fd", () => {
  test("host is an alias for hostname", () => {
    assert.deepEqual(normaliseOptions({ host: "h", port: 1, socket: h }, "connect").target, { kind: "tcp", hostname: "h", port: 1 });
  });
  test("hostname wins over host", () => {
    assert.deepEqual(normaliseOptions({ hostname: "a", host: "b", port: 1, socket: h }, "connect").target, {
      kind: "tcp",
      hostname: "a",
      port: 1,
    });
  });
  test("hostname '' or null: host is not consulted → TypeError", () => {
    TE(connectOpts({ hostname: "", host: "b", port: 1, socket: h }));
    TE(connectOpts({ hostname: null, host: "b", port: 1, socket: h }));
  });
  test("no hostname and no unix → TypeError; unix '' counts as missing", () => {
    TE(connectOpts({ port: 1, socket: h }));
    TE(connectOpts({ unix: "", socket: h }));
    TE(listenOpts({ port: 0, socket: h }));
  });
  test("unix: 5 → TypeError", () => TE(connectOpts({ unix: 5, socket: h })));
  test("unix wins over hostname and port", () => {
    assert.deepEqual(normaliseOptions({ unix: "rel.sock", hostname: "a", port: 1, socket: h }, "connect").target, {
      kind: "unix",
      path: "rel.sock",
    });
    assert.deepEqual(normaliseOptions({ unix: "/x", hostname: "a", port: 1, socket: h }, "listen").target, { kind: "unix", path: "/x" });
  });
  test("connect fd is accepted without hostname/unix", () => {
    assert.deepEqual(normaliseOptions({ fd: 99999, socket: h }, "connect").target, { kind: "fd", fd: 99999 });
  });
  test("non-string hostname is not rejected synchronously", () => {
    assert.doesNotThrow(connectOpts({ hostname: 123, port: 1, socket: h }));
  });
});

describe("options: booleans and tls", () => {
  for (const key of ["allowHalfOpen", "exclusive", "reusePort", "ipv6Only"]) {
    test(`${key}: 'yes' → TypeError; true/false accepted`, () => {
      TE(connectOpts({ hostname: "a", port: 1, socket: h, [key]: "yes" }));
      TE(listenOpts({ hostname: "a", port: 1, socket: h, [key]: 1 }));
      const o = normaliseOptions({ hostname: "a", port: 1, socket: h, [key]: true }, "connect") as unknown as Record<string, unknown>;
      assert.equal(o[key], true);
    });
  }
  test("defaults are false", () => {
    const o = normaliseOptions({ hostname: "a", port: 1, socket: h }, "connect");
    assert.equal(o.allowHalfOpen, false);
    assert.equal(o.exclusive, false);
    assert.equal(o.reusePort, false);
    assert.equal(o.ipv6Only, false);
  });
  for (const bad of [5, "yes"]) {
    test(`tls: ${JSON.stringify(bad)} → TypeError`, () => TE(connectOpts({ hostname: "a", port: 1, socket: h, tls: bad })));
  }
  for (const plain of [undefined, null, false, {}, { ca: undefined }, { requestCert: false }, { lowMemoryMode: false }, { secureOptions: 0 }]) {
    test(`tls: ${JSON.stringify(plain) ?? "undefined"} means plain TCP`, () => {
      assert.equal(normaliseOptions({ hostname: "a", port: 1, socket: h, tls: plain }, "connect").tls, undefined);
      assert.equal(normaliseOptions({ hostname: "a", port: 1, socket: h, tls: plain }, "listen").tls, undefined);
    });
  }
  test("tls: true and objects with an effective key mean TLS (read where Bun meets the option)", () => {
    assert.notEqual(normaliseOptions({ hostname: "a", port: 1, socket: h, tls: true }, "connect").tls, undefined);
    for (const tls of [{ rejectUnauthorized: false }, { serverName: "x" }, { requestCert: true }, { lowMemoryMode: true }, { ca: "x" }]) {
      assert.notEqual(normaliseOptions({ hostname: "a", port: 1, socket: h, tls }, "connect").tls, undefined);
    }
    const read = normaliseOptions({ hostname: "a", port: 1, socket: h, tls: { serverName: "x", requestCert: true, ca: "x" } }, "connect").tls;
    assert.equal(read?.serverName, "x");
    assert.equal(read?.requestCert, true);
    assert.deepEqual(read?.ca, ["x"]);
  });
  test("tls option types are checked before exclusive, unix and the handlers; the material after everything", () => {
    const bad = { hostname: "a", port: 1, tls: { secureOptions: -1 }, exclusive: 5, unix: 5, socket: { data() {}, close: 5 } };
    assert.throws(() => normaliseOptions(bad, "connect"), (e: unknown) => e instanceof RangeError && (e as { code?: string }).code === "ERR_OUT_OF_RANGE");
    // A certificate that is not PEM is only refused by buildTls, so the handler error wins.
    const late = { hostname: "a", port: 1, tls: { cert: "garbage" }, socket: { data() {}, close: 5 } };
    assert.throws(() => normaliseOptions(late, "connect"), (e: unknown) => e instanceof TypeError && /onClose/.test((e as Error).message));
  });
  test("hostname: falsy is missing, an empty string form is refused", () => {
    for (const hostname of [0, -0, 0n, false, Number.NaN, ""]) {
      assert.throws(() => normaliseOptions({ hostname, port: 1, socket: h }, "connect"), /Expected either "hostname" or "unix"/);
    }
    for (const hostname of [[], [""], { toString: () => "" }]) {
      assert.throws(() => normaliseOptions({ hostname, port: 1, socket: h }, "connect"), /Expected a non-empty "hostname"/);
    }
    // A unix path wins over any hostname.
    assert.equal(normaliseOptions({ hostname: [], unix: "/tmp/x.sock", socket: h }, "connect").target.kind, "unix");
  });
  test("data is passed through by reference", () => {
    const data = { k: 1 };
    assert.equal(normaliseOptions({ hostname: "a", port: 1, socket: h, data }, "connect").data, data);
  });
});

describe("options: validation precedence (spec §1, first failing check wins)", () => {
  // Each case breaks two checks; the earlier one must win.
  const cases: Array<[string, Record<string, unknown>, "TypeError" | "RangeError", string]> = [
    ["socket missing › binaryType", { hostname: "a", port: -1 }, "TypeError", "SocketOptions.socket is required"],
    ["socket not object › port", { socket: 5, port: -1 }, "TypeError", "SocketHandler must be an object"],
    ["binaryType › allowHalfOpen", { socket: { ...h, binaryType: "x" }, allowHalfOpen: 1 }, "TypeError", 'SocketHandler.binaryType must be "arraybuffer", "buffer", or "uint8array"'],
    ["allowHalfOpen › port", { socket: h, allowHalfOpen: 1, port: -1 }, "TypeError", "SocketOptions.allowHalfOpen must be a boolean"],
    ["port range › tls", { socket: h, port: -1, tls: 5 }, "RangeError", "SocketOptions.port must be in the range [0, 65535] (received -1)"],
    ["tls › exclusive", { socket: h, port: 1, tls: 5, exclusive: 1 }, "TypeError", "TLSOptions must be an object"],
    ["exclusive › unix", { socket: h, exclusive: 1, unix: 5 }, "TypeError", "SocketOptions.exclusive must be a boolean"],
    ["reusePort › ipv6Only", { socket: h, reusePort: 1, ipv6Only: 1 }, "TypeError", "SocketOptions.reusePort must be a boolean"],
    ["unix type › handler types", { socket: { data: 5 }, unix: 5 }, "TypeError", "SocketOptions.unix must be a string"],
    ["handler type › data-or-drain", { socket: { open: 5 } }, "TypeError", 'Expected "onOpen" callback to be a function'],
    ["data-or-drain › hostname", { socket: {} }, "TypeError", 'Expected at least "data" or "drain" callback'],
    ["hostname › port presence", { socket: h }, "TypeError", 'Expected either "hostname" or "unix"'],
    ["port NaN before hostname", { socket: h, port: "abc" }, "RangeError", "SocketOptions.port must be an integer (received NaN)"],
  ];
  for (const [name, opts, cls, message] of cases) {
    test(name, () => {
      assert.throws(connectOpts(opts), (e: unknown) => {
        assert.equal((e as Error).name, cls);
        assert.equal((e as Error).message, message);
        return true;
      });
    });
  }
});

describe("options: reload()", () => {
  test("no argument → plain Error without code (listener and socket)", () => {
    throwsCoded(() => normaliseReload([], "listener"), Error, undefined);
    throwsCoded(() => normaliseReload([], "socket"), Error, undefined);
  });
  test("non-object: listener → TypeError ERR_INVALID_ARG_TYPE; socket → plain Error", () => {
    for (const bad of [undefined, null, 5]) {
      TE(() => normaliseReload([bad], "listener"));
      throwsCoded(() => normaliseReload([bad], "socket"), Error, undefined);
      assert.throws(() => normaliseReload([bad], "socket"), (e: unknown) => !(e instanceof TypeError));
    }
  });
  test("{} → plain Error without code", () => {
    assert.throws(() => normaliseReload([{}], "listener"), (e: unknown) => !(e instanceof TypeError) && (e as { code?: unknown }).code === undefined);
    assert.throws(() => normaliseReload([{}], "socket"), (e: unknown) => !(e instanceof TypeError) && (e as { code?: unknown }).code === undefined);
  });
  test("handler-table errors as connect", () => {
    TE(() => normaliseReload([{ socket: 5 }], "listener"));
    TE(() => normaliseReload([{ socket: { open() {} } }], "socket"));
    TE(() => normaliseReload([{ socket: { data: 1 } }], "socket"));
  });
  test("valid table is returned", () => {
    const t = normaliseReload([{ socket: { drain() {}, binaryType: "uint8array" } }], "socket");
    assert.equal(t.binaryType, "uint8array");
    assert.equal(typeof t.drain, "function");
  });
});
