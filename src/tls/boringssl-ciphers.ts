/**
 * Bun's `ciphers` option as BoringSSL reads it (SSL_CTX_set_cipher_list, ssl/ssl_cipher.cc):
 * the same rule language as OpenSSL's, over BoringSSL's much smaller suite table. Node's
 * OpenSSL would accept strings Bun refuses ("DHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256",
 * "CAMELLIA") and negotiate suites Bun cannot (DHE), so the string is evaluated here, as
 * BoringSSL does, and OpenSSL gets the resulting explicit list.
 */

// Bit masks of BoringSSL's SSL_CIPHER fields (values ours; only their overlaps matter).
const kRSA = 1, kECDHE = 2, kPSK = 4;
const aRSA_SIGN = 1, aRSA_DECRYPT = 2, aECDSA = 4, aPSK = 8;
const e3DES = 1, eAES128 = 2, eAES256 = 4, eAES128GCM = 8, eAES256GCM = 16, eCHACHA = 32;
const mSHA1 = 1, mSHA256 = 2, mAEAD = 4;
const eAES = eAES128 | eAES256 | eAES128GCM | eAES256GCM;
const ALL = 0xffffffff;
const TLS1 = 0x0301, TLS1_2 = 0x0303;

interface Suite {
  /** OpenSSL-style name (BoringSSL's SSL_CIPHER name; OpenSSL knows each by it too). */
  readonly name: string;
  readonly standard: string;
  readonly mkey: number;
  readonly auth: number;
  readonly enc: number;
  readonly mac: number;
  /** The protocol version that introduced it (TLS 1.2 for suites with their own PRF hash). */
  readonly minVersion: number;
}

const suite = (name: string, standard: string, mkey: number, auth: number, enc: number, mac: number, minVersion: number): Suite =>
  ({ name, standard, mkey, auth, enc, mac, minVersion });

/**
 * BoringSSL's TLS ≤ 1.2 suites in its initial preference order (ssl_create_cipher_list, with AES
 * hardware: AES-GCM, then ChaCha20, then the legacy ones). TLS 1.3 suites take no part in
 * cipher strings; there is no DHE, no CAMELLIA, no CBC-SHA256 except two deprecated ECDHE ones.
 */
const SUITES: readonly Suite[] = [
  suite("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", kECDHE, aECDSA, eAES128GCM, mAEAD, TLS1_2),
  suite("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", kECDHE, aRSA_SIGN, eAES128GCM, mAEAD, TLS1_2),
  suite("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", kECDHE, aECDSA, eAES256GCM, mAEAD, TLS1_2),
  suite("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", kECDHE, aRSA_SIGN, eAES256GCM, mAEAD, TLS1_2),
  suite("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", kECDHE, aECDSA, eCHACHA, mAEAD, TLS1_2),
  suite("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", kECDHE, aRSA_SIGN, eCHACHA, mAEAD, TLS1_2),
  suite("ECDHE-PSK-CHACHA20-POLY1305", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", kECDHE, aPSK, eCHACHA, mAEAD, TLS1_2),
  suite("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", kECDHE, aECDSA, eAES128, mSHA1, TLS1),
  suite("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", kECDHE, aRSA_SIGN, eAES128, mSHA1, TLS1),
  suite("ECDHE-PSK-AES128-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", kECDHE, aPSK, eAES128, mSHA1, TLS1),
  suite("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", kECDHE, aECDSA, eAES256, mSHA1, TLS1),
  suite("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", kECDHE, aRSA_SIGN, eAES256, mSHA1, TLS1),
  suite("ECDHE-PSK-AES256-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", kECDHE, aPSK, eAES256, mSHA1, TLS1),
  suite("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", kECDHE, aECDSA, eAES128, mSHA256, TLS1_2),
  suite("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", kECDHE, aRSA_SIGN, eAES128, mSHA256, TLS1_2),
  suite("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", kRSA, aRSA_DECRYPT, eAES128GCM, mAEAD, TLS1_2),
  suite("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", kRSA, aRSA_DECRYPT, eAES256GCM, mAEAD, TLS1_2),
  suite("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", kRSA, aRSA_DECRYPT, eAES128, mSHA1, TLS1),
  suite("PSK-AES128-CBC-SHA", "TLS_PSK_WITH_AES_128_CBC_SHA", kPSK, aPSK, eAES128, mSHA1, TLS1),
  suite("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", kRSA, aRSA_DECRYPT, eAES256, mSHA1, TLS1),
  suite("PSK-AES256-CBC-SHA", "TLS_PSK_WITH_AES_256_CBC_SHA", kPSK, aPSK, eAES256, mSHA1, TLS1),
  suite("DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", kRSA, aRSA_DECRYPT, e3DES, mSHA1, TLS1),
];

/** TLS 1.3 names BoringSSL knows as exact names: they select nothing from the list above. */
const TLS13_NAMES = new Set(["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]);

/** Deprecated suites are left out of aliases that add (an exact name still adds them). */
const deprecated = (s: Suite): boolean => s.enc === e3DES || s.mac === mSHA256;

const bits = (s: Suite): number => (s.enc === e3DES ? 112 : s.enc === eAES128 || s.enc === eAES128GCM ? 128 : 256);

interface Alias {
  mkey: number;
  auth: number;
  enc: number;
  mac: number;
  minVersion: number;
  includeDeprecated: boolean;
}

const alias = (mkey: number, auth: number, enc: number, mac: number, minVersion = 0, includeDeprecated = false): Alias =>
  ({ mkey, auth, enc, mac, minVersion, includeDeprecated });

/** BoringSSL's kCipherAliases. Everything else (DHE, aNULL, eNULL, RC4, SHA256…) is unknown. */
const ALIASES: Record<string, Alias> = {
  ALL: alias(ALL, ALL, ALL, ALL),
  kRSA: alias(kRSA, ALL, ALL, ALL),
  kECDHE: alias(kECDHE, ALL, ALL, ALL),
  kEECDH: alias(kECDHE, ALL, ALL, ALL),
  ECDH: alias(kECDHE, ALL, ALL, ALL),
  kPSK: alias(kPSK, ALL, ALL, ALL),
  aRSA: alias(ALL, aRSA_SIGN | aRSA_DECRYPT, ALL, ALL),
  aECDSA: alias(ALL, aECDSA, ALL, ALL),
  ECDSA: alias(ALL, aECDSA, ALL, ALL),
  aPSK: alias(ALL, aPSK, ALL, ALL),
  ECDHE: alias(kECDHE, ALL, ALL, ALL),
  EECDH: alias(kECDHE, ALL, ALL, ALL),
  RSA: alias(kRSA, aRSA_SIGN | aRSA_DECRYPT, ALL, ALL),
  PSK: alias(kPSK, aPSK, ALL, ALL),
  "3DES": alias(ALL, ALL, e3DES, ALL, 0, true),
  AES128: alias(ALL, ALL, eAES128 | eAES128GCM, ALL),
  AES256: alias(ALL, ALL, eAES256 | eAES256GCM, ALL),
  AES: alias(ALL, ALL, eAES, ALL),
  AESGCM: alias(ALL, ALL, eAES128GCM | eAES256GCM, ALL),
  CHACHA20: alias(ALL, ALL, eCHACHA, ALL),
  SHA1: alias(ALL, ALL, ALL, mSHA1),
  SHA: alias(ALL, ALL, ALL, mSHA1),
  SSLv3: alias(ALL, ALL, ALL, ALL, TLS1),
  TLSv1: alias(ALL, ALL, ALL, ALL, TLS1),
  "TLSv1.2": alias(ALL, ALL, ALL, ALL, TLS1_2),
  HIGH: alias(ALL, ALL, ALL, ALL),
  FIPS: alias(ALL, ALL, ALL, ALL),
};

const ADD = 1, KILL = 2, DEL = 3, ORD = 4, SPECIAL = 5;

interface Entry {
  readonly suite: Suite;
  active: boolean;
}

/** The ordered list BoringSSL keeps while it reads the rules (an array stands in for its linked list). */
class Order {
  list: Entry[] = SUITES.map((suite) => ({ suite, active: false }));

  apply(select: (s: Suite) => boolean, rule: number): void {
    if (rule === DEL) {
      // Walked from the tail, each deleted suite moving to the head: their order is kept.
      for (const e of [...this.list].reverse()) {
        if (!select(e.suite) || !e.active) continue;
        e.active = false;
        this.list = [e, ...this.list.filter((x) => x !== e)];
      }
      return;
    }
    for (const e of [...this.list]) {
      if (!select(e.suite)) continue;
      if (rule === ADD && !e.active) {
        e.active = true;
        this.list = [...this.list.filter((x) => x !== e), e];
      } else if (rule === ORD && e.active) {
        this.list = [...this.list.filter((x) => x !== e), e];
      } else if (rule === KILL) {
        this.list = this.list.filter((x) => x !== e);
      }
    }
  }

  /** @STRENGTH: descending strength, keeping the order within one strength. */
  strengthSort(): void {
    const used = [...new Set(this.list.filter((e) => e.active).map((e) => bits(e.suite)))].sort((a, b) => b - a);
    for (const b of used) this.apply((s) => bits(s) === b, ORD);
  }
}

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isWordChar = (c: string): boolean => isAlnum(c) || c === "-" || c === "." || c === "_";
const isSeparator = (c: string): boolean => c === ":" || c === " " || c === ";" || c === ",";

/** ssl_cipher_process_rulestr, non-strict (unknown words are skipped). False: an invalid command. */
function processRules(rules: string, order: Order): boolean {
  let i = 0;
  let inGroup = false;
  let hasGroup = false;
  while (i < rules.length) {
    const ch = rules[i]!;
    let rule = ADD;
    if (inGroup) {
      if (ch === "]") {
        inGroup = false;
        i++;
        continue;
      }
      if (ch === "|") {
        i++;
        continue;
      }
      if (!isAlnum(ch)) return false;
    } else if (ch === "-") {
      rule = DEL;
      i++;
    } else if (ch === "+") {
      rule = ORD;
      i++;
    } else if (ch === "!") {
      rule = KILL;
      i++;
    } else if (ch === "@") {
      rule = SPECIAL;
      i++;
    } else if (ch === "[") {
      inGroup = true;
      hasGroup = true;
      i++;
      continue;
    }
    if (hasGroup && rule !== ADD) return false;
    if (isSeparator(ch)) {
      i++;
      continue;
    }

    let multi = false;
    let exact: Suite | undefined;
    let exactTls13 = false;
    const a = alias(ALL, ALL, ALL, ALL, 0, rule !== ADD);
    let skip = false;
    let word = "";
    for (;;) {
      const start = i;
      while (i < rules.length && isWordChar(rules[i]!)) i++;
      word = rules.slice(start, i);
      if (word === "") return false;
      if (rule === SPECIAL) break;
      const next = rules[i];
      if (!multi && next !== "+") {
        exact = SUITES.find((s) => s.name === word || s.standard === word);
        exactTls13 = TLS13_NAMES.has(word);
      }
      if (exact === undefined && !exactTls13) {
        const found = Object.hasOwn(ALIASES, word) ? ALIASES[word] : undefined;
        if (found === undefined) skip = true;
        else {
          a.mkey &= found.mkey;
          a.auth &= found.auth;
          a.enc &= found.enc;
          a.mac &= found.mac;
          a.includeDeprecated ||= found.includeDeprecated;
          if (a.minVersion !== 0 && a.minVersion !== found.minVersion) skip = true;
          else a.minVersion = found.minVersion;
        }
      }
      if (next !== "+") break;
      i++;
      multi = true;
    }

    if (rule === SPECIAL) {
      if (word !== "STRENGTH") return false;
      order.strengthSort();
      while (i < rules.length && !isSeparator(rules[i]!)) i++;
    } else if (exactTls13) {
      // A TLS 1.3 suite: known, but not in the list, so it selects nothing.
    } else if (exact !== undefined) {
      const s = exact;
      order.apply((x) => x === s, rule);
    } else if (!skip) {
      order.apply(
        (s) =>
          (a.mkey & s.mkey) !== 0 && (a.auth & s.auth) !== 0 && (a.enc & s.enc) !== 0 && (a.mac & s.mac) !== 0 &&
          (a.minVersion === 0 || s.minVersion === a.minVersion) && (a.includeDeprecated || !deprecated(s)),
        rule,
      );
    }
  }
  return !inGroup;
}

/**
 * The TLS ≤ 1.2 suites (OpenSSL names, in preference order) a cipher string selects on
 * BoringSSL, or undefined where BoringSSL refuses it (an invalid command, or nothing left):
 * Bun then throws "Invalid ciphers". Equal-preference groups ([a|b]) keep their order.
 */
export function boringsslCipherList(rules: string): string[] | undefined {
  const order = new Order();
  let rest = rules;
  // "DEFAULT" at the start is BoringSSL's SSL_DEFAULT_CIPHER_LIST, "ALL".
  if (rest.startsWith("DEFAULT")) {
    processRules("ALL", order);
    rest = rest.slice(7);
    if (rest.startsWith(":")) rest = rest.slice(1);
  }
  if (rest !== "" && !processRules(rest, order)) return undefined;
  const names = order.list.filter((e) => e.active).map((e) => e.suite.name);
  return names.length > 0 ? names : undefined;
}
