import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import {
  cloneError,
  connectFailure,
  dnsFailure,
  errnoOf,
  invalidArgType,
  listenFailure,
  listenUnresolved,
  normaliseSystemError,
  outOfRange,
  plainError,
  socketError,
  valueOutOfRange,
  describeReceived,
} from "../../src/errors.js";

describe("errors: validation errors (spec §1)", () => {
  test("invalidArgType: TypeError, code ERR_INVALID_ARG_TYPE, name TypeError", () => {
    const e = invalidArgType("Expected options object");
    assert.ok(e instanceof TypeError);
    assert.equal(e.name, "TypeError");
    assert.equal((e as { code?: unknown }).code, "ERR_INVALID_ARG_TYPE");
    assert.equal(e.message, "Expected options object");
  });
  test("String(e) is `TypeError [ERR_INVALID_ARG_TYPE]: <msg>`", () => {
    assert.equal(String(invalidArgType("m")), "TypeError [ERR_INVALID_ARG_TYPE]: m");
    assert.equal(String(outOfRange("r")), "RangeError [ERR_OUT_OF_RANGE]: r");
  });
  test("code is readable but not an own property (Object.keys is empty)", () => {
    const e = invalidArgType("m");
    assert.deepEqual(Object.keys(e), []);
    assert.equal(Object.hasOwn(e, "code"), false);
    assert.equal("code" in e, true);
  });
  test("outOfRange: RangeError, ERR_OUT_OF_RANGE", () => {
    const e = outOfRange("x");
    assert.ok(e instanceof RangeError);
    assert.equal(e.name, "RangeError");
    assert.equal((e as { code?: unknown }).code, "ERR_OUT_OF_RANGE");
  });
  test("valueOutOfRange uses Node's wording", () => {
    const e = valueOutOfRange("byteLength", 0, 8, 10);
    assert.ok(e instanceof RangeError);
    assert.equal(e.message, 'The value of "byteLength" is out of range. It must be >= 0 and <= 8. Received 10');
  });
  test("plainError: plain Error without a code", () => {
    const e = plainError("Expected 1 argument");
    assert.equal(Object.getPrototypeOf(e), Error.prototype);
    assert.equal((e as { code?: unknown }).code, undefined);
  });
  test("describeReceived matches Bun's `Received ...` forms", () => {
    assert.equal(describeReceived(42), "Received type number (42)");
    assert.equal(describeReceived(null), "Received null");
    assert.equal(describeReceived({}), "Received an instance of Object");
  });
});

describe("errors: network errors", () => {
  test("socketError(ECONNRESET): own code, negative errno, syscall read; Bun's message", () => {
    const e = socketError({ code: "ECONNRESET" });
    assert.equal(e.name, "Error");
    assert.equal((e as { code?: unknown }).code, "ECONNRESET");
    assert.equal((e as { errno?: unknown }).errno, -104);
    assert.equal((e as { syscall?: unknown }).syscall, "read");
    assert.equal(e.message, "ECONNRESET: connection reset by peer, read");
    assert.ok(Object.hasOwn(e, "code") && Object.hasOwn(e, "errno") && Object.hasOwn(e, "syscall"));
  });
  test("socketError(EPIPE) shape", () => {
    const e = socketError({ code: "EPIPE", errno: -32 });
    assert.equal((e as { code?: unknown }).code, "EPIPE");
    assert.equal((e as { errno?: unknown }).errno, -32);
  });
  test("connectFailure(ECONNREFUSED): own message, code, syscall, errno only; no address/port", () => {
    const e = connectFailure({ code: "ECONNREFUSED", errno: -111, address: "127.0.0.1", port: 1 });
    assert.equal(e.name, "Error");
    assert.equal((e as { code?: unknown }).code, "ECONNREFUSED");
    assert.equal((e as { errno?: unknown }).errno, -111);
    assert.equal((e as { syscall?: unknown }).syscall, "connect");
    assert.equal(Object.hasOwn(e, "address"), false);
    assert.equal(Object.hasOwn(e, "port"), false);
    assert.deepEqual(Object.keys(e).sort(), ["code", "errno", "syscall"]);
  });
  test("connectFailure turns a positive errno into the negative libuv one", () => {
    const e = connectFailure({ code: "ENOENT", errno: 2 });
    assert.equal((e as { errno?: unknown }).errno, -2);
  });
  test("connectFailure(ENOTFOUND) is the DNS shape", () => {
    const e = connectFailure({ code: "ENOTFOUND", errno: -3008, hostname: "nonexistent.invalid" });
    assert.equal((e as { code?: unknown }).code, "ENOTFOUND");
    assert.equal((e as { errno?: unknown }).errno, 4);
    assert.equal((e as { syscall?: unknown }).syscall, "getaddrinfo");
    assert.equal((e as { hostname?: unknown }).hostname, "nonexistent.invalid");
  });
  test("dnsFailure: positive errno 4 for ENOTFOUND", () => {
    const e = dnsFailure("ENOTFOUND", "x.invalid");
    assert.equal((e as { errno?: unknown }).errno, 4);
    assert.equal(e.message, "getaddrinfo ENOTFOUND x.invalid");
  });
  test("listenFailure: positive errno, syscall listen, address and port", () => {
    const e = listenFailure(-98, "127.0.0.1", 8080);
    assert.equal((e as { code?: unknown }).code, "EADDRINUSE");
    assert.equal((e as { errno?: unknown }).errno, 98);
    assert.equal((e as { syscall?: unknown }).syscall, "listen");
    assert.equal((e as { address?: unknown }).address, "127.0.0.1");
    assert.equal((e as { port?: unknown }).port, 8080);
  });
  test("listenFailure for a unix path has no port", () => {
    const e = listenFailure(-98, "/tmp/x.sock");
    assert.equal(Object.hasOwn(e, "port"), false);
    assert.equal((e as { address?: unknown }).address, "/tmp/x.sock");
  });
  test("listenUnresolved has no code and no errno", () => {
    const e = listenUnresolved("nonexistent.invalid");
    assert.equal((e as { code?: unknown }).code, undefined);
    assert.equal((e as { errno?: unknown }).errno, undefined);
  });
  test("errnoOf / normaliseSystemError", () => {
    assert.equal(errnoOf("ECONNREFUSED"), -111);
    assert.equal(errnoOf("NOPE"), undefined);
    assert.deepEqual(normaliseSystemError({ errno: -104 }), { code: "ECONNRESET", errno: -104 });
    assert.deepEqual(normaliseSystemError(undefined), { code: "UNKNOWN", errno: -1 });
  });
  test("cloneError: equal own props, a different object", () => {
    const e = connectFailure({ code: "ECONNREFUSED" });
    const c = cloneError(e);
    assert.notEqual(c, e);
    assert.equal(c.message, e.message);
    for (const k of Object.keys(e)) assert.equal((c as unknown as Record<string, unknown>)[k], (e as unknown as Record<string, unknown>)[k]);
  });
});
