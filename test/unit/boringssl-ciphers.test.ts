import { test } from "node:test";
import * as assert from "node:assert/strict";
import { boringsslCipherList } from "../../src/tls/boringssl-ciphers.js";

// Expected lists follow BoringSSL's ssl_cipher.cc; accept/refuse agrees with Bun 1.4.5 (probed).

test("names BoringSSL lacks are skipped; a list left empty is refused", () => {
  assert.deepEqual(boringsslCipherList("DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"), ["ECDHE-RSA-AES128-GCM-SHA256"]);
  assert.equal(boringsslCipherList("DHE-RSA-AES128-GCM-SHA256"), undefined);
  assert.equal(boringsslCipherList("TLS_AES_128_GCM_SHA256"), undefined);
  assert.equal(boringsslCipherList("CAMELLIA"), undefined);
  assert.deepEqual(boringsslCipherList("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), ["ECDHE-RSA-AES256-GCM-SHA384"]);
});

test("invalid commands are refused", () => {
  assert.equal(boringsslCipherList("@SECLEVEL=1:HIGH"), undefined);
  assert.equal(boringsslCipherList(":"), undefined);
  assert.equal(boringsslCipherList("ECDHE:[AES128-SHA|AES256-SHA]:-RSA"), undefined);
  assert.equal(boringsslCipherList("[ECDHE-RSA-AES128-GCM-SHA256"), undefined);
});

test("aliases leave out deprecated suites unless named or 3DES", () => {
  const all = boringsslCipherList("ALL") ?? [];
  assert.equal(all.includes("DES-CBC3-SHA"), false);
  assert.equal(all.includes("ECDHE-RSA-AES128-SHA256"), false);
  assert.equal(all[0], "ECDHE-ECDSA-AES128-GCM-SHA256");
  assert.deepEqual(boringsslCipherList("3DES"), ["DES-CBC3-SHA"]);
  assert.deepEqual(boringsslCipherList("ECDHE-RSA-AES128-SHA256"), ["ECDHE-RSA-AES128-SHA256"]);
});

test("rules: ! kills for good, - removes, + moves to the end, @STRENGTH sorts", () => {
  assert.deepEqual(boringsslCipherList("ECDHE+aRSA+AESGCM:!AES256"), ["ECDHE-RSA-AES128-GCM-SHA256"]);
  assert.deepEqual(boringsslCipherList("ECDHE+aRSA+AESGCM:-AES256:ECDHE+aRSA+AES256"), ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-SHA"]);
  assert.deepEqual(boringsslCipherList("ECDHE+aRSA+AESGCM:!AES256:AES256"), ["ECDHE-RSA-AES128-GCM-SHA256"]);
  assert.deepEqual(boringsslCipherList("ECDHE+aRSA+AESGCM:+AES128"), ["ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256"]);
  assert.deepEqual(boringsslCipherList("ECDHE+aRSA+AESGCM:@STRENGTH"), ["ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256"]);
  assert.deepEqual(boringsslCipherList("DEFAULT:!ECDHE:!PSK:!3DES"), ["AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA", "AES256-SHA"]);
});
