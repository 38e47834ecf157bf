// plebiscite booth-crypto: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 88be24f4eaf95183ad5989aea3c08bb1b5cf88f53da719b0dadc1c3e4340e91b
var __defProp = Object.defineProperty;
var __defNormalProp = (obj, key, value2) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value: value2 }) : obj[key] = value2;
var __export = (target2, all) => {
  for (var name in all)
    __defProp(target2, name, { get: all[name], enumerable: true });
};
var __publicField = (obj, key, value2) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value2);

// src/crypto/errors.js
var PlebisciteError = class extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
};
var EncodingError = class extends PlebisciteError {
};
var GroupElementError = class extends PlebisciteError {
};
var ProofError = class extends PlebisciteError {
};
var ParameterError = class extends PlebisciteError {
};
var InputError = class extends PlebisciteError {
  constructor(message, facts = {}) {
    super(message);
    Object.assign(this, facts);
  }
};

// src/crypto/tags.js
var tags_exports = {};
__export(tags_exports, {
  BALLOT_BINDING: () => BALLOT_BINDING,
  BALLOT_IDENTITY: () => BALLOT_IDENTITY,
  BALLOT_SIGNATURE: () => BALLOT_SIGNATURE,
  BALLOT_STATEMENT: () => BALLOT_STATEMENT,
  CREDENTIAL_BALLOT_STATEMENT: () => CREDENTIAL_BALLOT_STATEMENT,
  CREDENTIAL_CHALLENGE: () => CREDENTIAL_CHALLENGE,
  CREDENTIAL_CHECKSUM: () => CREDENTIAL_CHECKSUM,
  CREDENTIAL_KEY: () => CREDENTIAL_KEY,
  DESIGNATED_CHALLENGE: () => DESIGNATED_CHALLENGE,
  DISJUNCTIVE_CHALLENGE: () => DISJUNCTIVE_CHALLENGE,
  GROUP_DESCRIPTION: () => GROUP_DESCRIPTION,
  KEY_FINGERPRINT: () => KEY_FINGERPRINT,
  POLYNOMIAL_COMMITMENTS: () => POLYNOMIAL_COMMITMENTS,
  PREFIX: () => PREFIX,
  RANGE_CHALLENGE: () => RANGE_CHALLENGE,
  ROLL_POINTER_CHALLENGE: () => ROLL_POINTER_CHALLENGE,
  TRACKING_HASH: () => TRACKING_HASH
});
var PREFIX = "plebiscite/v1/";
var DISJUNCTIVE_CHALLENGE = PREFIX + "challenge/zero-one";
var RANGE_CHALLENGE = PREFIX + "challenge/range";
var GROUP_DESCRIPTION = PREFIX + "hash/group";
var CREDENTIAL_KEY = PREFIX + "derive/credential-key";
var CREDENTIAL_CHECKSUM = PREFIX + "hash/credential-checksum";
var KEY_FINGERPRINT = PREFIX + "hash/key-fingerprint";
var POLYNOMIAL_COMMITMENTS = PREFIX + "hash/polynomial-commitments";
var BALLOT_BINDING = PREFIX + "hash/ballot-binding";
var BALLOT_STATEMENT = PREFIX + "hash/ballot-statement";
var BALLOT_SIGNATURE = PREFIX + "sign/ballot";
var TRACKING_HASH = PREFIX + "hash/tracking";
var BALLOT_IDENTITY = PREFIX + "hash/ballot-identity";
var CREDENTIAL_BALLOT_STATEMENT = PREFIX + "hash/credential-ballot-statement";
var CREDENTIAL_CHALLENGE = PREFIX + "challenge/credential";
var ROLL_POINTER_CHALLENGE = PREFIX + "challenge/roll-pointer";
var DESIGNATED_CHALLENGE = PREFIX + "challenge/designated-verifier";

// src/crypto/encoding.js
var MAX_U32 = 4294967295;
var utf8Encoder = new TextEncoder();
function u32(n) {
  if (!Number.isInteger(n) || n < 0 || n > MAX_U32) {
    throw new EncodingError(`length or count ${n} does not fit in 32 bits`);
  }
  return Uint8Array.of(n >>> 24 & 255, n >>> 16 & 255, n >>> 8 & 255, n & 255);
}
function isWellFormed(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 55296 && c <= 56319) {
      const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (d < 56320 || d > 57343) return false;
      i++;
    } else if (c >= 56320 && c <= 57343) {
      return false;
    }
  }
  return true;
}
function utf8(text) {
  if (typeof text !== "string") throw new EncodingError("expected text");
  if (!isWellFormed(text)) {
    throw new EncodingError("string is not valid Unicode text: it holds a lone surrogate");
  }
  return utf8Encoder.encode(text);
}
function concatBytes(...parts) {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
var HEX_DIGITS = "0123456789abcdef";
function toHex(bytes) {
  let out = "";
  for (const b of bytes) out += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
  return out;
}
function strictHex(text, role, length) {
  if (typeof text !== "string") {
    throw new EncodingError(`${role}: expected a lowercase hex string, got ${typeName(text)}`);
  }
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) {
    throw new EncodingError(`${role}: not lowercase hex of whole bytes`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  if (length !== void 0 && out.length !== length) {
    throw new EncodingError(`${role}: expected ${length} bytes, got ${out.length}`);
  }
  return out;
}
function bigintToBytes(n, length) {
  if (typeof n !== "bigint" || n < 0n) throw new EncodingError("expected a non-negative bigint");
  let hex = n === 0n ? "" : n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  if (length !== void 0) {
    if (hex.length > 2 * length) throw new EncodingError(`${n} does not fit in ${length} bytes`);
    hex = hex.padStart(2 * length, "0");
  }
  return strictHex(hex, "integer");
}
function bytesToBigint(bytes) {
  return bytes.length === 0 ? 0n : BigInt("0x" + toHex(bytes));
}
function typeName(value2) {
  if (value2 === null) return "null";
  if (Array.isArray(value2)) return "array";
  if (value2 instanceof Uint8Array) return "bytes";
  if (typeof value2 === "object") return value2.constructor ? value2.constructor.name : "object";
  return typeof value2;
}
function isPlainObject(value2) {
  if (value2 === null || typeof value2 !== "object") return false;
  const proto = Object.getPrototypeOf(value2);
  return proto === Object.prototype || proto === null;
}
function lengthPrefixed(tag, raw, out) {
  out.push(Uint8Array.of(tag), u32(raw.length), raw);
}
function encodeInto(value2, out) {
  if (value2 === null) {
    out.push(Uint8Array.of(78));
  } else if (value2 === true) {
    out.push(Uint8Array.of(84));
  } else if (value2 === false) {
    out.push(Uint8Array.of(70));
  } else if (typeof value2 === "bigint" || typeof value2 === "number") {
    if (typeof value2 === "number" && !Number.isSafeInteger(value2)) {
      throw new EncodingError(`number ${value2} is not a safe integer: use a bigint`);
    }
    const n = BigInt(value2);
    if (n < 0n) throw new EncodingError(`negative integer ${n} has no canonical encoding`);
    lengthPrefixed(73, bigintToBytes(n), out);
  } else if (value2 instanceof Uint8Array) {
    lengthPrefixed(66, value2, out);
  } else if (typeof value2 === "string") {
    lengthPrefixed(83, utf8(value2), out);
  } else if (Array.isArray(value2)) {
    out.push(Uint8Array.of(76), u32(value2.length));
    for (const item of value2) encodeInto(item, out);
  } else if (value2 instanceof Map || isPlainObject(value2)) {
    const entries = value2 instanceof Map ? [...value2.entries()] : Object.entries(value2);
    const items = entries.map(([key, item]) => {
      if (typeof key !== "string") throw new EncodingError(`map key ${String(key)} is not a string`);
      return [utf8(key), item];
    });
    items.sort((a, b) => compareBytes(a[0], b[0]));
    out.push(Uint8Array.of(68), u32(items.length));
    for (const [rawKey, item] of items) {
      lengthPrefixed(83, rawKey, out);
      encodeInto(item, out);
    }
  } else {
    throw new EncodingError(`type ${typeName(value2)} has no canonical encoding`);
  }
}
function canonicalBytes(...values) {
  const out = [];
  for (const value2 of values) encodeInto(value2, out);
  return concatBytes(...out);
}

// node_modules/@noble/hashes/_u64.js
var fromNumH = (n) => n / 2 ** 32 | 0;
var fromNumL = (n) => n >>> 0;
function setU64FromNum(view, byteOffset, n, isLE2) {
  const h = fromNumH(n);
  const l = fromNumL(n);
  view.setUint32(byteOffset, isLE2 ? l : h, isLE2);
  view.setUint32(byteOffset + 4, isLE2 ? h : l, isLE2);
}

// node_modules/@noble/hashes/utils.js
function isBytes(a) {
  return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
}
var atitle = (title) => title ? `"${title}" ` : "";
function anumber(n, title = "") {
  if (typeof n !== "number")
    throw new TypeError(atitle(title) + "expected number, got " + typeof n);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
  return n;
}
function abytes(value2, length, title = "") {
  if (isBytes(value2) && (length === void 0 || value2.length === length))
    return value2;
  if (length !== void 0)
    anumber(length, "length");
  const bytes = isBytes(value2);
  const ofLen = length !== void 0 ? ` of length ${length}` : "";
  const got = bytes ? `length=${value2.length}` : `type=${typeof value2}`;
  const message = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
  if (!bytes)
    throw new TypeError(message);
  throw new RangeError(message);
}
function ahash(h) {
  if (typeof h !== "function" || typeof h.create !== "function")
    throw new TypeError("expected hash wrapped by utils.createHasher");
  anumber(h.outputLen);
  anumber(h.blockLen);
  if (h.outputLen < 1 || h.blockLen < 1)
    throw new Error("hash blockLen / outputLen must be >= 1");
}
var aobject = (value2, label) => {
  if (value2 === null || typeof value2 !== "object" || Array.isArray(value2))
    throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value2);
};
var aopts = (value2, label) => {
  aobject(value2, label);
  const proto = Object.getPrototypeOf(value2);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`"${label}" expected plain object`);
  if (Object.hasOwn(value2, "__proto__"))
    throw new TypeError(`"${label}.__proto__" is not allowed`);
};
function aexists(instance, checkFinished = true) {
  if (instance.destroyed)
    throw new Error("hash was destroyed");
  if (checkFinished && instance.finished)
    throw new Error("digest() was already called");
}
function aoutput(out, instance) {
  abytes(out, void 0, "output");
  const min = instance.outputLen;
  if (!(out.length >= min)) {
    throw new RangeError('"output" expected length >= ' + min);
  }
}
function u322(arr) {
  return new Uint32Array(arr.buffer, arr.byteOffset, Math.floor(arr.byteLength / 4));
}
function clean(...arrays) {
  for (let i = 0; i < arrays.length; i++) {
    arrays[i].fill(0);
  }
}
function createView(arr) {
  return new DataView(arr.buffer, arr.byteOffset, arr.byteLength);
}
function rotr(word, shift) {
  return word << 32 - shift | word >>> shift;
}
function rotl(word, shift) {
  return word << shift | word >>> 32 - shift >>> 0;
}
var isLE = /* @__PURE__ */ (() => new Uint8Array(new Uint32Array([287454020]).buffer)[0] === 68)();
function byteSwap(word) {
  return word << 24 & 4278190080 | word << 8 & 16711680 | word >>> 8 & 65280 | word >>> 24 & 255;
}
function byteSwap32(arr) {
  for (let i = 0; i < arr.length; i++) {
    arr[i] = byteSwap(arr[i]);
  }
  return arr;
}
var swap32IfBE = isLE ? (u) => u : byteSwap32;
var hasHexBuiltin = /* @__PURE__ */ (() => (
  // @ts-ignore
  typeof Uint8Array.from([]).toHex === "function" && typeof Uint8Array.fromHex === "function"
))();
var hexes = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function bytesToHex(bytes) {
  abytes(bytes);
  if (hasHexBuiltin)
    return bytes.toHex();
  let hex = "";
  for (let i = 0; i < bytes.length; i++) {
    hex += hexes[bytes[i]];
  }
  return hex;
}
function asciiToBase16(ch) {
  return ch >= 48 && ch <= 57 ? ch - 48 : ch >= 65 && ch <= 70 ? ch - (65 - 10) : ch >= 97 && ch <= 102 ? ch - (97 - 10) : void 0;
}
function hexToBytes(hex) {
  if (typeof hex !== "string")
    throw new TypeError("hex string expected, got " + typeof hex);
  if (hasHexBuiltin) {
    try {
      return Uint8Array.fromHex(hex);
    } catch (error) {
      if (error instanceof SyntaxError)
        throw new RangeError(error.message);
      throw error;
    }
  }
  const hl = hex.length;
  const al = hl / 2;
  if (hl % 2)
    throw new RangeError("hex string expected, got unpadded hex of length " + hl);
  const array = new Uint8Array(al);
  for (let ai = 0, hi = 0; ai < al; ai++, hi += 2) {
    const n1 = asciiToBase16(hex.charCodeAt(hi));
    const n2 = asciiToBase16(hex.charCodeAt(hi + 1));
    if (n1 === void 0 || n2 === void 0) {
      const char = hex[hi] + hex[hi + 1];
      throw new RangeError('hex string expected, got non-hex character "' + char + '" at index ' + hi);
    }
    array[ai] = n1 * 16 + n2;
  }
  return array;
}
function nextTick(onReject) {
  const host = globalThis;
  if (typeof host.scheduler?.yield === "function") {
    const promise = host.scheduler.yield();
    if (onReject)
      promise.catch(onReject);
    return promise;
  }
  return new Promise((resolve) => host.setTimeout(resolve, 0));
}
async function asyncLoop(iters, tick, cb, onReject) {
  anumber(iters, "iters");
  anumber(tick, "tick");
  if (typeof cb !== "function")
    throw new TypeError("callback must be a function");
  let ts = Date.now();
  for (let i = 0; i < iters; i++) {
    cb(i);
    const diff = Date.now() - ts;
    if (diff >= 0 && diff < tick)
      continue;
    await nextTick(onReject);
    ts = Date.now();
  }
}
function utf8ToBytes(str) {
  if (typeof str !== "string")
    throw new TypeError("string expected");
  const encoded = new TextEncoder().encode(str);
  try {
    return new Uint8Array(encoded);
  } finally {
    clean(encoded);
  }
}
function kdfInputToBytes(data, errorTitle = "") {
  if (typeof data === "string")
    return utf8ToBytes(data);
  return abytes(data, void 0, errorTitle);
}
function concatBytes2(...arrays) {
  let sum = 0;
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    abytes(a);
    sum += a.length;
  }
  const res = new Uint8Array(sum);
  for (let i = 0, pad = 0; i < arrays.length; i++) {
    const a = arrays[i];
    res.set(a, pad);
    pad += a.length;
  }
  return res;
}
function checkOpts(defaults, opts, title = "opts") {
  aopts(defaults, "defaults");
  if (opts !== void 0)
    aopts(opts, title);
  const merged = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
  return merged;
}
function createHasher(hashCons, info = {}) {
  if (typeof hashCons !== "function")
    throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
  info = checkOpts({}, info, "info");
  const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
  const tmp = hashCons(void 0);
  hashC.outputLen = tmp.outputLen;
  hashC.blockLen = tmp.blockLen;
  hashC.canXOF = tmp.canXOF;
  hashC.create = (opts) => hashCons(opts);
  Object.assign(hashC, info);
  return Object.freeze(hashC);
}
function randomBytes(bytesLength = 32) {
  anumber(bytesLength, "bytesLength");
  const cr = typeof globalThis === "object" ? globalThis.crypto : null;
  if (typeof cr?.getRandomValues !== "function")
    throw new Error("crypto.getRandomValues must be defined");
  if (bytesLength > 65536)
    throw new RangeError(`"bytesLength" expected <= 65536, got ${bytesLength}`);
  return cr.getRandomValues(new Uint8Array(bytesLength));
}
var oidNist = (suffix) => ({
  // Current NIST hashAlgs suffixes used here fit in one DER subidentifier octet.
  // Larger suffix values would need base-128 OID encoding and a different length byte.
  oid: Uint8Array.from([6, 9, 96, 134, 72, 1, 101, 3, 4, 2, suffix])
});

// node_modules/@noble/hashes/_md.js
function Chi(a, b, c) {
  return a & b ^ ~a & c;
}
function Maj(a, b, c) {
  return a & b ^ a & c ^ b & c;
}
var HashMD = class {
  constructor(blockLen, outputLen, padOffset, isLE2) {
    __publicField(this, "blockLen");
    __publicField(this, "outputLen");
    __publicField(this, "canXOF", false);
    __publicField(this, "padOffset");
    __publicField(this, "isLE");
    // For partial updates less than block size
    __publicField(this, "buffer");
    __publicField(this, "view");
    __publicField(this, "finished", false);
    __publicField(this, "length", 0);
    __publicField(this, "pos", 0);
    __publicField(this, "destroyed", false);
    this.blockLen = blockLen;
    this.outputLen = outputLen;
    this.padOffset = padOffset;
    this.isLE = isLE2;
    this.buffer = new Uint8Array(blockLen);
    this.view = createView(this.buffer);
  }
  update(data) {
    aexists(this);
    abytes(data);
    const { view, buffer, blockLen } = this;
    const len = data.length;
    let processed = false;
    for (let pos = 0; pos < len; ) {
      const take = Math.min(blockLen - this.pos, len - pos);
      if (take === blockLen) {
        const dataView = createView(data);
        for (; blockLen <= len - pos; pos += blockLen)
          this.process(dataView, pos);
        processed = true;
        continue;
      }
      buffer.set(pos === 0 && take === len ? data : data.subarray(pos, pos + take), this.pos);
      this.pos += take;
      pos += take;
      if (this.pos === blockLen) {
        this.process(view, 0);
        this.pos = 0;
        processed = true;
      }
    }
    this.length += data.length;
    if (processed)
      this.roundClean();
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const { buffer, view, blockLen, isLE: isLE2 } = this;
    let { pos } = this;
    buffer[pos++] = 128;
    buffer.fill(0, pos);
    if (this.padOffset > blockLen - pos) {
      this.process(view, 0);
      buffer.fill(0);
    }
    setU64FromNum(view, blockLen - 8, this.length * 8, isLE2);
    this.process(view, 0);
    this.roundClean();
    const oview = out === buffer ? view : createView(out);
    const len = this.outputLen;
    const outLen = len / 4;
    const state = this.get();
    if (len % 4 || outLen > state.length)
      throw new Error("invalid outputLen");
    for (let i = 0; i < outLen; i++)
      oview.setUint32(4 * i, state[i], isLE2);
  }
  digest() {
    const { buffer, outputLen } = this;
    this.digestInto(buffer);
    const res = buffer.slice(0, outputLen);
    this.destroy();
    return res;
  }
  _cloneIntoMeta(to) {
    const { buffer, length, finished, destroyed, pos } = this;
    to.destroyed = destroyed;
    to.finished = finished;
    to.length = length;
    to.pos = pos;
    if (pos)
      to.buffer.set(buffer);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
};
var SHA256_IV = /* @__PURE__ */ Uint32Array.from([
  1779033703,
  3144134277,
  1013904242,
  2773480762,
  1359893119,
  2600822924,
  528734635,
  1541459225
]);

// node_modules/@noble/hashes/sha2.js
var SHA256_K = /* @__PURE__ */ Uint32Array.from([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var SHA256_W = /* @__PURE__ */ new Uint32Array(64);
var SHA2_32B = class extends HashMD {
  constructor(outputLen, IV) {
    super(64, outputLen, 8, false);
    // We cannot use array here since array allows indexing by variable
    // which means optimizer/compiler cannot use registers.
    // Numeric initializers matter: starting the fields as `undefined` changes
    // V8's field representation and makes sha256 3x slower (measured).
    __publicField(this, "A", 0);
    __publicField(this, "B", 0);
    __publicField(this, "C", 0);
    __publicField(this, "D", 0);
    __publicField(this, "E", 0);
    __publicField(this, "F", 0);
    __publicField(this, "G", 0);
    __publicField(this, "H", 0);
    this.A = IV[0] | 0;
    this.B = IV[1] | 0;
    this.C = IV[2] | 0;
    this.D = IV[3] | 0;
    this.E = IV[4] | 0;
    this.F = IV[5] | 0;
    this.G = IV[6] | 0;
    this.H = IV[7] | 0;
  }
  get() {
    const { A, B, C, D, E, F, G: G2, H: H2 } = this;
    return [A, B, C, D, E, F, G2, H2];
  }
  // prettier-ignore
  set(A, B, C, D, E, F, G2, H2) {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G2 | 0;
    this.H = H2 | 0;
  }
  _cloneInto(to) {
    (to || (to = new this.constructor())).set(...this.get());
    return this._cloneIntoMeta(to);
  }
  process(view, offset) {
    for (let i = 0; i < 16; i++, offset += 4)
      SHA256_W[i] = view.getUint32(offset, false);
    for (let i = 16; i < 64; i++) {
      const W15 = SHA256_W[i - 15];
      const W2 = SHA256_W[i - 2];
      const s0 = rotr(W15, 7) ^ rotr(W15, 18) ^ W15 >>> 3;
      const s1 = rotr(W2, 17) ^ rotr(W2, 19) ^ W2 >>> 10;
      SHA256_W[i] = s1 + SHA256_W[i - 7] + s0 + SHA256_W[i - 16] | 0;
    }
    let { A, B, C, D, E, F, G: G2, H: H2 } = this;
    for (let i = 0; i < 64; i++) {
      const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      const T1 = H2 + sigma1 + Chi(E, F, G2) + SHA256_K[i] + SHA256_W[i] | 0;
      const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      const T2 = sigma0 + Maj(A, B, C) | 0;
      H2 = G2;
      G2 = F;
      F = E;
      E = D + T1 | 0;
      D = C;
      C = B;
      B = A;
      A = T1 + T2 | 0;
    }
    A = A + this.A | 0;
    B = B + this.B | 0;
    C = C + this.C | 0;
    D = D + this.D | 0;
    E = E + this.E | 0;
    F = F + this.F | 0;
    G2 = G2 + this.G | 0;
    H2 = H2 + this.H | 0;
    this.set(A, B, C, D, E, F, G2, H2);
  }
  roundClean() {
    clean(SHA256_W);
  }
  destroy() {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
};
var _SHA256 = class extends SHA2_32B {
  constructor() {
    super(32, SHA256_IV);
  }
};
var sha256 = /* @__PURE__ */ createHasher(
  () => new _SHA256(),
  /* @__PURE__ */ oidNist(1)
);

// src/crypto/hashing.js
var B_IN_BYTES = 32;
var S_IN_BYTES = 64;
var SECURITY_BITS = 128;
function H(tag, ...values) {
  if (typeof tag !== "string") throw new ParameterError("H: the tag must be text");
  return sha256(canonicalBytes(tag, ...values));
}
function expandMessageXmd(msg, dst, lenInBytes) {
  if (!(msg instanceof Uint8Array) || !(dst instanceof Uint8Array)) {
    throw new ParameterError("expand_message_xmd: msg and DST must be bytes");
  }
  if (dst.length > 255) throw new ParameterError("expand_message_xmd: DST longer than 255 bytes");
  const ell = Math.ceil(lenInBytes / B_IN_BYTES);
  if (!Number.isInteger(lenInBytes) || ell > 255 || lenInBytes > 65535 || lenInBytes <= 0) {
    throw new ParameterError(`expand_message_xmd: cannot expand to ${lenInBytes} bytes`);
  }
  const dstPrime = concatBytes(dst, Uint8Array.of(dst.length));
  const msgPrime = concatBytes(
    new Uint8Array(S_IN_BYTES),
    msg,
    Uint8Array.of(lenInBytes >> 8, lenInBytes & 255, 0),
    dstPrime
  );
  const b0 = sha256(msgPrime);
  let bi = sha256(concatBytes(b0, Uint8Array.of(1), dstPrime));
  const blocks = [bi];
  for (let i = 2; i <= ell; i++) {
    const mixed = new Uint8Array(B_IN_BYTES);
    for (let j = 0; j < B_IN_BYTES; j++) mixed[j] = b0[j] ^ bi[j];
    bi = sha256(concatBytes(mixed, Uint8Array.of(i), dstPrime));
    blocks.push(bi);
  }
  return concatBytes(...blocks).slice(0, lenInBytes);
}
function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}
function hashToField(msg, dst, modulus, count = 1) {
  if (typeof modulus !== "bigint" || modulus < 2n) {
    throw new ParameterError("hash_to_field: modulus must be a bigint of at least 2");
  }
  const length = Math.ceil((bitLength(modulus) + SECURITY_BITS) / 8);
  const uniform = expandMessageXmd(msg, dst, count * length);
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(bytesToBigint(uniform.subarray(i * length, (i + 1) * length)) % modulus);
  }
  return out;
}
function hashToScalar(tag, modulus, ...values) {
  return hashToField(canonicalBytes(...values), utf8(tag), modulus)[0];
}

// src/crypto/rand.js
var systemRandom = Object.freeze({
  randomBytes(n) {
    const c = globalThis.crypto;
    if (!c || typeof c.getRandomValues !== "function") {
      throw new Error(
        "no cryptographically secure random number generator (crypto.getRandomValues) is available: the booth cannot encrypt or sign safely here"
      );
    }
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 65536) c.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
    return out;
  }
});
function randomBytes2(rng, n) {
  const source = rng === void 0 || rng === null ? systemRandom : rng;
  const out = source.randomBytes(n);
  if (!(out instanceof Uint8Array) || out.length !== n) {
    throw new ParameterError(`randomness source: asked for ${n} bytes, got something else`);
  }
  return out;
}
function randBelow(rng, bound) {
  if (typeof bound !== "bigint" || bound <= 0n) throw new ParameterError("bound must be positive");
  const nbytes = Math.ceil(bound.toString(2).length / 8) + 16;
  return bytesToBigint(randomBytes2(rng, nbytes)) % bound;
}

// node_modules/@noble/curves/utils.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
function aarray(item, title, inner = () => {
}) {
  if (!Array.isArray(item))
    throw new TypeError(`"${title}" expected array, got type=${typeof item}`);
  for (let i = 0; i < item.length; i++)
    inner(item[i], `${title}[${i}]`);
  return item;
}
var abytes2 = (value2, length, title) => abytes(value2, length, title);
var anumber2 = anumber;
function astring(value2, title = "") {
  if (typeof value2 !== "string") {
    const prefix = title && `"${title}" `;
    throw new TypeError(prefix + "expected string, got type=" + typeof value2);
  }
  return value2;
}
function aobject2(value2, title = "object") {
  if (value2 === null || typeof value2 !== "object" || Array.isArray(value2))
    throw new TypeError(title === "object" ? "expected valid options object" : `"${title}" expected object, got type=${typeof value2}`);
  return value2;
}
function afunction(value2, title) {
  if (typeof value2 !== "function")
    throw new TypeError(`"${title}" is invalid: expected function, got ${typeof value2}`);
  return value2;
}
var bytesToHex2 = bytesToHex;
var concatBytes3 = (...arrays) => concatBytes2(...arrays);
var hexToBytes2 = (hex) => hexToBytes(hex);
var isBytes2 = isBytes;
var randomBytes3 = (bytesLength) => randomBytes(bytesLength);
var _0n = /* @__PURE__ */ BigInt(0);
var _1n = /* @__PURE__ */ BigInt(1);
var atitle2 = (title) => title ? `"${title}" ` : "";
function abool(value2, title = "") {
  if (typeof value2 !== "boolean")
    throw new TypeError(atitle2(title) + "expected boolean, got type=" + typeof value2);
  return value2;
}
function abignumber(n) {
  if (typeof n === "bigint") {
    if (!isPosBig(n))
      throw new RangeError("positive bigint expected, got " + n);
  } else
    anumber2(n);
  return n;
}
function asafenumber(value2, title = "") {
  if (typeof value2 !== "number") {
    const prefix = title && `"${title}" `;
    throw new TypeError(prefix + "expected number, got type=" + typeof value2);
  }
  if (!Number.isSafeInteger(value2)) {
    const prefix = title && `"${title}" `;
    throw new RangeError(prefix + "expected safe integer, got " + value2);
  }
}
function numberToHexUnpadded(num2) {
  const hex = abignumber(num2).toString(16);
  return hex.length & 1 ? "0" + hex : hex;
}
function hexToNumber(hex) {
  if (typeof hex !== "string")
    throw new TypeError("hex string expected, got " + typeof hex);
  return hex === "" ? _0n : BigInt("0x" + hex);
}
function bytesToNumberBE(bytes) {
  return hexToNumber(bytesToHex(bytes));
}
function bytesToNumberLE(bytes) {
  return hexToNumber(bytesToHex(copyBytes(abytes(bytes)).reverse()));
}
function numberToBytesBE(n, len) {
  anumber(len);
  if (len === 0)
    throw new Error("zero output length is invalid");
  n = abignumber(n);
  const expectedLen = len * 2;
  const hex = n.toString(16);
  if (hex.length > expectedLen)
    throw new RangeError("number is too large");
  return hexToBytes(hex.padStart(expectedLen, "0"));
}
function numberToBytesLE(n, len) {
  return numberToBytesBE(n, len).reverse();
}
function copyBytes(bytes) {
  return Uint8Array.from(abytes2(bytes));
}
function asciiToBytes(ascii) {
  if (typeof ascii !== "string")
    throw new TypeError("ascii string expected, got " + typeof ascii);
  return Uint8Array.from(ascii, (c, i) => {
    const charCode = c.charCodeAt(0);
    if (c.length !== 1 || charCode > 127) {
      throw new RangeError(`string contains non-ASCII character "${ascii[i]}" with code ${charCode} at position ${i}`);
    }
    return charCode;
  });
}
function isPosBig(n) {
  return typeof n === "bigint" && _0n <= n;
}
function inRange(n, min, max) {
  return isPosBig(n) && isPosBig(min) && isPosBig(max) && min <= n && n < max;
}
function aInRange(title, n, min, max) {
  if (!inRange(n, min, max))
    throw new RangeError("expected valid " + title + ": " + min + " <= n < " + max + ", got " + n);
}
function bitLen(n) {
  if (n < _0n)
    throw new Error("expected non-negative bigint, got " + n);
  return n === _0n ? 0 : n.toString(2).length;
}
var bitMask = (n) => {
  asafenumber(n, "n");
  return (_1n << BigInt(n)) - _1n;
};
function createHmacDrbg(hashLen, qByteLen, hmacFn) {
  anumber(hashLen, "hashLen");
  anumber(qByteLen, "qByteLen");
  if (typeof hmacFn !== "function")
    throw new TypeError("hmacFn must be a function");
  const u8n = (len) => new Uint8Array(len);
  const NULL = Uint8Array.of();
  const byte0 = Uint8Array.of(0);
  const byte1 = Uint8Array.of(1);
  const _maxDrbgIters = 1e3;
  let v = u8n(hashLen);
  let k = u8n(hashLen);
  let i = 0;
  const reset = () => {
    v.fill(1);
    k.fill(0);
    i = 0;
  };
  const h = (...msgs) => hmacFn(k, concatBytes3(v, ...msgs));
  const reseed = (seed = NULL) => {
    k = h(byte0, seed);
    v = h();
    if (seed.length === 0)
      return;
    k = h(byte1, seed);
    v = h();
  };
  const gen = () => {
    if (i++ >= _maxDrbgIters)
      throw new Error("drbg: tried max amount of iterations");
    let len = 0;
    const out = [];
    while (len < qByteLen) {
      v = h();
      const sl = v.slice();
      out.push(sl);
      len += v.length;
    }
    return concatBytes3(...out);
  };
  const genUntil = (seed, pred) => {
    reset();
    reseed(seed);
    let res = void 0;
    while ((res = pred(gen())) === void 0)
      reseed();
    reset();
    return res;
  };
  return genUntil;
}
function validateObject(object, fields2 = {}, optFields = {}, title = "object") {
  aobject2(object, title);
  aobject2(fields2, "fields");
  aobject2(optFields, "optFields");
  function checkField(fieldName, expectedType, isOpt) {
    const label = title === "object" ? `param "${String(fieldName)}"` : `"${title}.${String(fieldName)}"`;
    const val = object[fieldName];
    if (!Object.hasOwn(object, fieldName) && (isOpt ? val !== void 0 : expectedType !== "function")) {
      throw new TypeError(`${label} is invalid: expected own property`);
    }
    if (isOpt && val === void 0)
      return;
    const current = typeof val;
    if (current !== expectedType || val === null)
      throw new TypeError(`${label} is invalid: expected ${expectedType}, got ${current}`);
  }
  const iter = (f, isOpt) => Object.entries(f).forEach(([k, v]) => checkField(k, v, isOpt));
  iter(fields2, false);
  iter(optFields, true);
}

// node_modules/@noble/curves/abstract/modular.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n2 = /* @__PURE__ */ BigInt(0);
var _1n2 = /* @__PURE__ */ BigInt(1);
var _2n = /* @__PURE__ */ BigInt(2);
var _3n = /* @__PURE__ */ BigInt(3);
var _4n = /* @__PURE__ */ BigInt(4);
var _5n = /* @__PURE__ */ BigInt(5);
var _7n = /* @__PURE__ */ BigInt(7);
var _8n = /* @__PURE__ */ BigInt(8);
var _9n = /* @__PURE__ */ BigInt(9);
var _15n = /* @__PURE__ */ BigInt(15);
var _16n = /* @__PURE__ */ BigInt(16);
var POW_WINDOWED_MIN = /* @__PURE__ */ BigInt("0x10000000000000000");
function mod(a, b) {
  if (b <= _0n2)
    throw new Error("mod: expected positive modulus, got " + b);
  const result = a % b;
  return result >= _0n2 ? result : b + result;
}
function pow(num2, power, modulo) {
  if (modulo <= _1n2)
    throw new Error("pow: expected modulus > 1, got " + modulo);
  if (typeof power !== "bigint")
    throw new TypeError("invalid exponent: expected bigint, got " + typeof power);
  if (power < _0n2)
    throw new Error("invalid exponent, negatives unsupported");
  if (power === _0n2)
    return _1n2;
  if (power === _1n2)
    return num2;
  let d = num2 % modulo;
  if (d < _0n2)
    d += modulo;
  if (power < POW_WINDOWED_MIN) {
    let p2 = _1n2;
    while (power > _0n2) {
      if (power & _1n2)
        p2 = p2 * d % modulo;
      d = d * d % modulo;
      power >>= _1n2;
    }
    return p2;
  }
  const digits = [];
  while (power > _0n2) {
    digits.push(Number(power & _15n));
    power >>= _4n;
  }
  const table = new Array(16);
  table[0] = _1n2;
  table[1] = d;
  for (let i = 2; i < 16; i++)
    table[i] = table[i - 1] * d % modulo;
  let p = table[digits[digits.length - 1]];
  for (let w = digits.length - 2; w >= 0; w--) {
    p = p * p % modulo;
    p = p * p % modulo;
    p = p * p % modulo;
    p = p * p % modulo;
    const digit = digits[w];
    if (digit !== 0)
      p = p * table[digit] % modulo;
  }
  return p;
}
function pow2(x, power, modulo) {
  if (modulo <= _1n2)
    throw new Error("pow2: expected modulus > 1, got " + modulo);
  if (power < _0n2)
    throw new Error("pow2: expected non-negative exponent, got " + power);
  let res = x;
  while (power-- > _0n2) {
    res *= res;
    res %= modulo;
  }
  return res;
}
function invert(number, modulo) {
  if (number === _0n2)
    throw new Error("invert: expected non-zero number");
  if (modulo <= _1n2)
    throw new Error("invert: expected modulus > 1, got " + modulo);
  let a = mod(number, modulo);
  let b = modulo;
  let x = _0n2, u = _1n2;
  while (a !== _0n2) {
    const q = b / a;
    const r = b - a * q;
    const m = x - u * q;
    b = a, a = r, x = u, u = m;
  }
  const gcd = b;
  if (gcd !== _1n2)
    throw new Error("invert: does not exist");
  return mod(x, modulo);
}
function invertCt(a, prime) {
  if (prime <= _1n2)
    throw new Error("invertCt: expected prime modulus > 1, got " + prime);
  const an = mod(a, prime);
  if (an === _0n2)
    throw new Error("invertCt: expected non-zero number");
  const inverse = pow(an, prime - _2n, prime);
  if (mod(an * inverse, prime) !== _1n2)
    throw new Error("invertCt: does not exist");
  return inverse;
}
function assertIsSquare(Fp, root, n) {
  const F = Fp;
  if (!F.eql(F.sqr(root), n))
    throw new Error("Cannot find square root");
}
function aoddModulus(order, fnName) {
  if ((order & _1n2) === _0n2)
    throw new Error(fnName + ": expected odd modulus, got " + order);
}
function sqrt3mod4(Fp, n) {
  const F = Fp;
  const p1div4 = (F.ORDER + _1n2) / _4n;
  const root = F.pow(n, p1div4);
  assertIsSquare(F, root, n);
  return root;
}
function sqrt5mod8(Fp, n) {
  const F = Fp;
  const p5div8 = (F.ORDER - _5n) / _8n;
  const n2 = F.mul(n, _2n);
  const v = F.pow(n2, p5div8);
  const nv = F.mul(n, v);
  const i = F.mul(F.mul(nv, _2n), v);
  const root = F.mul(nv, F.sub(i, F.ONE));
  assertIsSquare(F, root, n);
  return root;
}
function sqrt9mod16(P2) {
  const Fp_ = Field(P2);
  const tn = tonelliShanks(P2);
  const c1 = tn(Fp_, Fp_.neg(Fp_.ONE));
  const c2 = tn(Fp_, c1);
  const c3 = tn(Fp_, Fp_.neg(c1));
  const c4 = (P2 + _7n) / _16n;
  return ((Fp, n) => {
    const F = Fp;
    let tv1 = F.pow(n, c4);
    let tv2 = F.mul(tv1, c1);
    const tv3 = F.mul(tv1, c2);
    const tv4 = F.mul(tv1, c3);
    const e1 = F.eql(F.sqr(tv2), n);
    const e2 = F.eql(F.sqr(tv3), n);
    tv1 = F.cmov(tv1, tv2, e1);
    tv2 = F.cmov(tv4, tv3, e2);
    const e3 = F.eql(F.sqr(tv2), n);
    const root = F.cmov(tv1, tv2, e3);
    assertIsSquare(F, root, n);
    return root;
  });
}
function tonelliShanks(P2) {
  if (P2 < _3n)
    throw new Error("sqrt is not defined for small field");
  aoddModulus(P2, "tonelliShanks");
  let Q = P2 - _1n2;
  let S = 0;
  while (Q % _2n === _0n2) {
    Q /= _2n;
    S++;
  }
  let Z = _2n;
  const _Fp = Field(P2);
  while (FpLegendre(_Fp, Z) === 1) {
    if (Z++ > 1e3)
      throw new Error("Cannot find square root: probably non-prime P");
  }
  if (S === 1)
    return sqrt3mod4;
  let cc = _Fp.pow(Z, Q);
  const Q1div2 = (Q + _1n2) / _2n;
  return function tonelliSlow(Fp, n) {
    const F = Fp;
    if (F.is0(n))
      return n;
    if (FpLegendre(F, n) !== 1)
      throw new Error("Cannot find square root");
    let M = S;
    let c = F.mul(F.ONE, cc);
    let t = F.pow(n, Q);
    let R = F.pow(n, Q1div2);
    while (!F.eql(t, F.ONE)) {
      if (F.is0(t))
        throw new Error("Cannot find square root: probably non-prime P");
      let i = 1;
      let t_tmp = F.sqr(t);
      while (!F.eql(t_tmp, F.ONE)) {
        i++;
        t_tmp = F.sqr(t_tmp);
        if (i === M)
          throw new Error("Cannot find square root");
      }
      const exponent = _1n2 << BigInt(M - i - 1);
      const b = F.pow(c, exponent);
      M = i;
      c = F.sqr(b);
      t = F.mul(t, c);
      R = F.mul(R, b);
    }
    return R;
  };
}
function FpSqrt(P2) {
  aoddModulus(P2, "Fp.sqrt");
  if (P2 % _4n === _3n)
    return sqrt3mod4;
  if (P2 % _8n === _5n)
    return sqrt5mod8;
  if (P2 % _16n === _9n)
    return sqrt9mod16(P2);
  return tonelliShanks(P2);
}
var FIELD_FIELDS = [
  "create",
  "isValid",
  "is0",
  "neg",
  "inv",
  "sqrt",
  "sqr",
  "eql",
  "add",
  "sub",
  "mul",
  "pow",
  "div",
  "addN",
  "subN",
  "mulN",
  "sqrN"
];
function validateField(field) {
  aobject2(field, "field");
  if (typeof field.ORDER !== "bigint")
    throw new TypeError('param "ORDER" is invalid: expected bigint, got ' + typeof field.ORDER);
  asafenumber(field.BYTES, "BYTES");
  asafenumber(field.BITS, "BITS");
  for (const name of FIELD_FIELDS)
    afunction(field[name], "field." + name);
  if (field.BYTES < 1 || field.BITS < 1)
    throw new Error("invalid field: expected BYTES/BITS > 0");
  if (field.ORDER <= _1n2)
    throw new Error("invalid field: expected ORDER > 1, got " + field.ORDER);
  return field;
}
function FpInvertBatch(Fp, nums, passZero = false) {
  validateField(Fp);
  aarray(nums, "nums");
  abool(passZero, "passZero");
  const F = Fp;
  const inverted = new Array(nums.length).fill(passZero ? F.ZERO : void 0);
  const multipliedAcc = nums.reduce((acc, num2, i) => {
    if (F.is0(num2))
      return acc;
    inverted[i] = acc;
    return F.mul(acc, num2);
  }, F.ONE);
  const invertedAcc = F.inv(multipliedAcc);
  nums.reduceRight((acc, num2, i) => {
    if (F.is0(num2))
      return acc;
    inverted[i] = F.mul(acc, inverted[i]);
    return F.mul(acc, num2);
  }, invertedAcc);
  return inverted;
}
function FpLegendre(Fp, n) {
  validateField(Fp);
  const F = Fp;
  aoddModulus(F.ORDER, "FpLegendre");
  const p1mod2 = (F.ORDER - _1n2) / _2n;
  const powered = F.pow(n, p1mod2);
  const yes = F.eql(powered, F.ONE);
  const zero = F.eql(powered, F.ZERO);
  const no = F.eql(powered, F.neg(F.ONE));
  if (!yes && !zero && !no)
    throw new Error("invalid Legendre symbol result");
  return yes ? 1 : zero ? 0 : -1;
}
function nLength(n, nBitLength) {
  if (nBitLength !== void 0)
    anumber2(nBitLength);
  if (n <= _0n2)
    throw new Error("invalid n length: expected positive n, got " + n);
  if (nBitLength !== void 0 && nBitLength < 1)
    throw new Error("invalid n length: expected positive bit length, got " + nBitLength);
  const bits = bitLen(n);
  if (nBitLength !== void 0 && nBitLength < bits)
    throw new Error(`invalid n length: expected nBitLength (${nBitLength}) >= bitLen(n) (${bits})`);
  const _nBitLength = nBitLength !== void 0 ? nBitLength : bits;
  const nByteLength = Math.ceil(_nBitLength / 8);
  return { nBitLength: _nBitLength, nByteLength };
}
var FIELD_SQRT = /* @__PURE__ */ new WeakMap();
var _Field = class {
  constructor(ORDER, opts = {}) {
    __publicField(this, "ORDER");
    __publicField(this, "BITS");
    __publicField(this, "BYTES");
    __publicField(this, "isLE");
    __publicField(this, "ZERO", _0n2);
    __publicField(this, "ONE", _1n2);
    __publicField(this, "_lengths");
    __publicField(this, "_mod");
    if (ORDER <= _1n2)
      throw new Error("invalid field: expected ORDER > 1, got " + ORDER);
    let _nbitLength = void 0;
    this.isLE = false;
    if (opts != null && typeof opts === "object") {
      if (typeof opts.BITS === "number")
        _nbitLength = opts.BITS;
      if (typeof opts.sqrt === "function")
        Object.defineProperty(this, "sqrt", { value: opts.sqrt, enumerable: true });
      if (typeof opts.isLE === "boolean")
        this.isLE = opts.isLE;
      if (opts.allowedLengths)
        this._lengths = Object.freeze(opts.allowedLengths.slice());
      if (typeof opts.modFromBytes === "boolean")
        this._mod = opts.modFromBytes;
    }
    const { nBitLength, nByteLength } = nLength(ORDER, _nbitLength);
    if (nByteLength > 2048)
      throw new Error("invalid field: expected ORDER of <= 2048 bytes");
    this.ORDER = ORDER;
    this.BITS = nBitLength;
    this.BYTES = nByteLength;
    Object.freeze(this);
  }
  create(num2) {
    return mod(num2, this.ORDER);
  }
  isValid(num2) {
    if (typeof num2 !== "bigint")
      throw new TypeError("invalid field element: expected bigint, got " + typeof num2);
    return _0n2 <= num2 && num2 < this.ORDER;
  }
  is0(num2) {
    return num2 === _0n2;
  }
  // is valid and invertible
  isValidNot0(num2) {
    return !this.is0(num2) && this.isValid(num2);
  }
  isOdd(num2) {
    return (num2 & _1n2) === _1n2;
  }
  neg(num2) {
    return mod(-num2, this.ORDER);
  }
  eql(lhs, rhs) {
    return lhs === rhs;
  }
  sqr(num2) {
    return mod(num2 * num2, this.ORDER);
  }
  add(lhs, rhs) {
    return mod(lhs + rhs, this.ORDER);
  }
  sub(lhs, rhs) {
    return mod(lhs - rhs, this.ORDER);
  }
  mul(lhs, rhs) {
    return mod(lhs * rhs, this.ORDER);
  }
  pow(num2, power) {
    return pow(num2, power, this.ORDER);
  }
  div(lhs, rhs) {
    return mod(lhs * invert(rhs, this.ORDER), this.ORDER);
  }
  // Same as above, but doesn't normalize
  sqrN(num2) {
    return num2 * num2;
  }
  addN(lhs, rhs) {
    return lhs + rhs;
  }
  subN(lhs, rhs) {
    return lhs - rhs;
  }
  mulN(lhs, rhs) {
    return lhs * rhs;
  }
  inv(num2) {
    return invert(num2, this.ORDER);
  }
  sqrt(num2) {
    let sqrt = FIELD_SQRT.get(this);
    if (!sqrt)
      FIELD_SQRT.set(this, sqrt = FpSqrt(this.ORDER));
    return sqrt(this, num2);
  }
  toBytes(num2) {
    return this.isLE ? numberToBytesLE(num2, this.BYTES) : numberToBytesBE(num2, this.BYTES);
  }
  fromBytes(bytes, skipValidation = false) {
    abytes2(bytes);
    const { _lengths: allowedLengths, BYTES, isLE: isLE2, ORDER, _mod: modFromBytes } = this;
    if (allowedLengths) {
      if (bytes.length < 1 || !allowedLengths.includes(bytes.length) || bytes.length > BYTES) {
        throw new Error("Field.fromBytes: expected " + allowedLengths + " bytes, got " + bytes.length);
      }
      const padded = new Uint8Array(BYTES);
      padded.set(bytes, isLE2 ? 0 : padded.length - bytes.length);
      bytes = padded;
    }
    if (bytes.length !== BYTES)
      throw new Error("Field.fromBytes: expected " + BYTES + " bytes, got " + bytes.length);
    let scalar = isLE2 ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
    if (modFromBytes)
      scalar = mod(scalar, ORDER);
    if (!skipValidation) {
      if (!this.isValid(scalar))
        throw new Error("invalid field element: outside of range 0..ORDER");
    }
    return scalar;
  }
  // TODO: we don't need it here, move out to separate fn
  invertBatch(lst) {
    return FpInvertBatch(this, lst, true);
  }
  // We can't move this out because Fp6, Fp12 implement it
  // and it's unclear what to return in there.
  cmov(a, b, condition) {
    abool(condition, "condition");
    return condition ? b : a;
  }
};
function Field(ORDER, opts = {}) {
  Object.freeze(_Field.prototype);
  return new _Field(ORDER, opts);
}
function getFieldBytesLength(fieldOrder) {
  if (typeof fieldOrder !== "bigint")
    throw new Error("field order must be bigint");
  if (fieldOrder <= _1n2)
    throw new Error("field order must be greater than 1");
  const bitLength2 = bitLen(fieldOrder - _1n2);
  return Math.ceil(bitLength2 / 8);
}
function getMinHashLength(fieldOrder) {
  const length = getFieldBytesLength(fieldOrder);
  return length + Math.ceil(length / 2);
}
function mapHashToField(key, fieldOrder, isLE2 = false) {
  abytes2(key);
  const len = key.length;
  const fieldLen = getFieldBytesLength(fieldOrder);
  const minLen = Math.max(getMinHashLength(fieldOrder), 16);
  if (len < minLen || len > 1024)
    throw new Error("expected " + minLen + "-1024 bytes of input, got " + len);
  const num2 = isLE2 ? bytesToNumberLE(key) : bytesToNumberBE(key);
  const reduced = mod(num2, fieldOrder - _1n2) + _1n2;
  return isLE2 ? numberToBytesLE(reduced, fieldLen) : numberToBytesBE(reduced, fieldLen);
}

// node_modules/@noble/curves/abstract/curve.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n3 = /* @__PURE__ */ BigInt(0);
var _1n3 = /* @__PURE__ */ BigInt(1);
var _4n2 = /* @__PURE__ */ BigInt(4);
var BLIND_BYTES = 16;
var BLIND_BITS = 128;
var FW_WINDOW = 5;
var TABLE_BYTES_MAX = /* @__PURE__ */ (() => 2 ** 31)();
function validatePointCons(Point2) {
  const pc = Point2;
  if (typeof pc !== "function")
    throw new TypeError('"Point" expected constructor, got type=' + typeof Point2);
  afunction(pc.fromAffine, "Point.fromAffine");
  afunction(pc.fromBytes, "Point.fromBytes");
  afunction(pc.fromHex, "Point.fromHex");
  aobject2(pc.BASE, "Point.BASE");
  aobject2(pc.ZERO, "Point.ZERO");
  validateField(pc.Fp);
  validateField(pc.Fn);
}
function normalizeZ(c, points) {
  validatePointCons(c);
  validateMSMPoints(points, c);
  const invertedZs = FpInvertBatch(c.Fp, points.map((p) => p.Z));
  return points.map((p, i) => c.fromAffine(p.toAffine(invertedZs[i])));
}
function validateW(W, bits, min = 1) {
  if (!Number.isSafeInteger(W) || W < min || W > bits)
    throw new Error("invalid window size, expected [" + min + ".." + bits + "], got W=" + W);
}
function validateTableBytes(numPoints, fpBytes) {
  const bytes = numPoints * (4 * fpBytes + 128);
  if (bytes > TABLE_BYTES_MAX)
    throw new Error("invalid window size: table would need ~" + Math.ceil(bytes / 2 ** 20) + " MiB, max " + TABLE_BYTES_MAX / 2 ** 20 + " MiB");
}
function probeRandomBytes(randomBytes4, length) {
  if (randomBytes4 === void 0)
    return void 0;
  afunction(randomBytes4, "randomBytes");
  try {
    const probe = randomBytes4(length);
    if (!isBytes2(probe) || probe.length !== length)
      return void 0;
  } catch {
    return void 0;
  }
  return randomBytes4;
}
function validateMSMPoints(points, c) {
  aarray(points, "points");
  points.forEach((p, i) => {
    if (!(p instanceof c))
      throw new Error("invalid point at index " + i);
  });
}
function validateMSMScalars(scalars, field, maxScalar) {
  if (!Array.isArray(scalars))
    throw new Error("array of scalars expected");
  scalars.forEach((s, i) => {
    const ok = maxScalar === void 0 ? field.isValid(s) : isPosBig(s) && s < maxScalar;
    if (!ok)
      throw new Error("invalid scalar at index " + i);
  });
}
var pointWindowSizes = /* @__PURE__ */ new WeakMap();
function getWindowSize(P2) {
  return pointWindowSizes.get(P2) || 1;
}
function oddMultiples(p, size) {
  const dbl = p.double();
  const t = [p];
  for (let j = 1; j < size; j++)
    t.push(t[j - 1].add(dbl));
  return t;
}
function wnafDigits(n, W) {
  const size = 2 ** W;
  const half = size / 2;
  const mask = BigInt(size - 1);
  const d = [];
  while (n > _0n3) {
    let w = 0;
    if (n & _1n3) {
      w = Number(n & mask);
      if (w >= half)
        w -= size;
      n -= BigInt(w);
    }
    d.push(w);
    n >>= _1n3;
  }
  return d;
}
function signedWindowDigits(n, W, windows) {
  const size = 2 ** W;
  const half = size / 2;
  const mask = BigInt(size - 1);
  const shiftBy = BigInt(W);
  const d = [];
  for (let w = 0; w < windows; w++) {
    let v = Number(n & mask);
    n >>= shiftBy;
    if (v > half) {
      v -= size;
      n += _1n3;
    }
    d.push(v);
  }
  if (n !== _0n3)
    throw new Error("invalid wnaf");
  return d;
}
function wnafWalk(zero, tables, digits) {
  let max = 0;
  for (const d of digits)
    max = Math.max(max, d.length);
  let acc = zero;
  for (let bit = max - 1; bit >= 0; bit--) {
    if (bit !== max - 1)
      acc = acc.double();
    for (let i = 0; i < digits.length; i++) {
      const w = digits[i][bit];
      if (w) {
        const item = tables[i][Math.abs(w) - 1 >> 1];
        acc = acc.add(w < 0 ? item.negate() : item);
      }
    }
  }
  return acc;
}
var ScalarMultiplier = class {
  // Parametrized with a given Point class (not individual point)
  constructor(Point2, randomBytes4) {
    __publicField(this, "Point");
    __publicField(this, "BASE");
    __publicField(this, "ZERO");
    __publicField(this, "randomBytes");
    __publicField(this, "wnafPrecomputes", /* @__PURE__ */ new WeakMap());
    __publicField(this, "baseCanBeBlinded");
    __publicField(this, "bits");
    validatePointCons(Point2);
    this.randomBytes = probeRandomBytes(randomBytes4, BLIND_BYTES);
    this.Point = Point2;
    this.BASE = Point2.BASE;
    this.ZERO = Point2.ZERO;
    this.bits = Point2.Fn.BITS;
  }
  /**
   * Creates a signed fixed-window wNAF precomputation table: for every window w, the
   * multiples `[1..2^(W−1)]⋅2^(w⋅W)⋅P`, flattened. All doublings are baked into the table,
   * so cached multiplication is additions-only. `windows = ceil(bits/W) + 1`: the extra
   * window absorbs the final carry of signed-digit recoding.
   * For a 256-bit curve and W=6, the table is 44⋅32 = 1408 points.
   * @param point - Point instance
   * @param W - window size
   * @param bits - scalar bitlength the table must cover
   */
  buildWnafTable(point, W, bits) {
    const windows = Math.ceil(bits / W) + 1;
    const half = 2 ** (W - 1);
    const comp = [];
    let base = point;
    for (let w = 0; w < windows; w++) {
      let acc = base;
      for (let i = 0; i < half; i++) {
        comp.push(acc);
        acc = acc.add(base);
      }
      base = comp[comp.length - 1].double();
    }
    return { W, bits, windows, comp };
  }
  /**
   * Implements ec multiplication using precomputed signed fixed-window wNAF tables.
   * Constant-time: fixed window count with one table addition per window — zero digits feed
   * the fake accumulator — and no doublings; the lookup scans the whole window slice.
   * Scalar bounds are validated by the public entry points ({@link ScalarMultiplier.mulCT},
   * {@link ScalarMultiplier.mulCTBlinded}, {@link ScalarMultiplier.mulUnsafe});
   * signedWindowDigits throws if `n` exceeds the table.
   * @returns real and fake (for const-time) points
   */
  wnafCachedCT(precomputes, n) {
    const { W, windows, comp } = precomputes;
    const half = 2 ** (W - 1);
    const digits = signedWindowDigits(n, W, windows);
    let p = this.ZERO;
    let f = this.BASE;
    for (let w = 0; w < windows; w++) {
      const digit = digits[w];
      const start = w * half;
      const idx = Math.abs(digit) - 1;
      let sel = comp[start];
      for (let i = 1; i < half; i++)
        sel = i === idx ? comp[start + i] : sel;
      const neg = sel.negate();
      if (digit === 0)
        f = f.add(comp[start]);
      else
        p = p.add(digit < 0 ? neg : sel);
    }
    return { p, f };
  }
  // Cache key is point identity plus (W, bits); at most two entries exist per point (public-width
  // `Fn.BITS` and blinded `Fn.BITS + BLIND_BITS`). Callers must not reuse the same point with
  // incompatible `transform(...)` layouts and expect a separate cache entry.
  getWnafPrecomputes(W, point, bits, transform) {
    let entries = this.wnafPrecomputes.get(point);
    let comp = entries?.find((entry) => entry.W === W && entry.bits === bits);
    if (!comp) {
      comp = this.buildWnafTable(point, W, bits);
      if (typeof transform === "function")
        comp = { ...comp, comp: transform(comp.comp) };
      if (!entries) {
        entries = [];
        this.wnafPrecomputes.set(point, entries);
      }
      entries.push(comp);
    }
    return comp;
  }
  assertPoint(point) {
    if (!(point instanceof this.Point))
      throw new TypeError('"point" expected Point instance, got type=' + typeof point);
  }
  // Shared prologue of the constant-time entry points. Rejects scalar 0: in key/signature-style
  // callers a zero scalar means broken upstream plumbing, and concrete Points already reject it.
  // Uses inRange instead of Fn.isValidNot0: validateField() only certifies the arithmetic subset.
  validateMulInput(point, scalar) {
    this.assertPoint(point);
    if (!inRange(scalar, _1n3, this.Point.Fn.ORDER))
      throw new Error("invalid scalar");
  }
  // Constant-time dispatch shared by mulCT / mulCTBlinded. Un-precomputed points (W===1, e.g.
  // ECDH peer keys) skip building a throwaway cached table in favor of a small fixed-window
  // multiply. `n` must be < 2^bits.
  runCT(point, n, bits, transform) {
    const W = getWindowSize(point);
    if (W === 1)
      return this.fixedWindowCT(point, n, bits);
    return this.wnafCachedCT(this.getWnafPrecomputes(W, point, bits, transform), n);
  }
  mulCT(point, scalar, transform) {
    this.validateMulInput(point, scalar);
    return this.runCT(point, scalar, this.bits, transform);
  }
  mulCTBlinded(point, scalar, transform) {
    this.validateMulInput(point, scalar);
    if (this.randomBytes === void 0)
      throw new Error("randomBytes is required for scalar blinding");
    const bits = this.Point.Fn.BITS + BLIND_BITS;
    const blind = this.randomBytes(BLIND_BYTES);
    if (!isBytes2(blind) || blind.length !== BLIND_BYTES)
      throw new Error("randomBytes returned invalid byte array");
    blind[0] = blind[0] & 63 | 128;
    const n = scalar + bytesToNumberBE(blind) * this.Point.Fn.ORDER;
    return this.runCT(point, n, bits, transform);
  }
  /**
   * Constant-time multiplication `n*point` for an un-precomputed point, via a small fixed window.
   * A cached wNAF table only pays off when reused; a flat 2^FW_WINDOW table (`size-1` adds) is
   * far cheaper to build for a single use. The point-operation sequence is independent of `n`:
   * build the table, then per window exactly FW_WINDOW doublings, a data-oblivious scan over
   * every table entry, and one addition (adds the identity when the window digit is 0 — never
   * skipped).
   *
   * `n` must be `< 2^bits`. Assumes complete addition (adding the identity costs the same as any
   * add), which holds for the Weierstrass/Edwards point types used here. The table is left in
   * projective form (no normalizeZ): normalizing this small a table costs more than the
   * mixed-add savings it would buy for a single multiply.
   * @returns real point `p`; `f` duplicates it only to match {@link wnafCachedCT}'s return shape
   * (this path needs no fake accumulator — its op-count is already scalar-independent).
   */
  fixedWindowCT(point, n, bits) {
    const W = FW_WINDOW;
    const size = 1 << W;
    const mask = bitMask(W);
    const table = new Array(size);
    table[0] = this.ZERO;
    for (let i = 1; i < size; i++)
      table[i] = table[i - 1].add(point);
    const windows = Math.ceil(bits / W);
    let acc = this.ZERO;
    for (let window = windows - 1; window >= 0; window--) {
      if (window !== windows - 1)
        for (let d = 0; d < W; d++)
          acc = acc.double();
      const digit = Number(n >> BigInt(window * W) & mask);
      let sel = table[0];
      for (let i = 1; i < size; i++)
        sel = i === digit ? table[i] : sel;
      acc = acc.add(sel);
    }
    return { p: acc, f: acc };
  }
  shouldBlind(point, cofactor) {
    if (this.randomBytes === void 0)
      return false;
    if (cofactor === _1n3)
      return true;
    if (point !== this.BASE)
      return false;
    if (this.baseCanBeBlinded === void 0)
      this.baseCanBeBlinded = this.mulUnsafe(this.BASE, this.Point.Fn.ORDER).is0();
    return this.baseCanBeBlinded;
  }
  mulSecret(point, scalar, cofactor, transform) {
    return this.shouldBlind(point, cofactor) ? this.mulCTBlinded(point, scalar, transform) : this.mulCT(point, scalar, transform);
  }
  mulUnsafe(point, scalar, transform) {
    this.assertPoint(point);
    if (!isPosBig(scalar))
      throw new Error("invalid scalar");
    const W = getWindowSize(point);
    if (W === 1 || scalar >= this.Point.Fn.ORDER)
      return mulAddUnsafe(this.Point, [point], [scalar], true);
    const precomputes = this.getWnafPrecomputes(W, point, this.bits, transform);
    return this.wnafCachedCT(precomputes, scalar).p;
  }
  // Remembers the window size used for precomputed wNAF multiplication of the given point
  // and drops any previously built tables. Usually only the base point is precomputed.
  // W=1 resets the point to the un-precomputed (table-less) paths.
  // W is additionally capped so tables stay under ~2 GiB ({@link TABLE_BYTES_MAX}).
  setWindowSize(point, W) {
    this.assertPoint(point);
    validateW(W, this.bits);
    const windows = Math.ceil((this.bits + BLIND_BITS) / W) + 1;
    validateTableBytes(windows * 2 ** (W - 1), this.Point.Fp.BYTES);
    pointWindowSizes.set(point, W);
    this.wnafPrecomputes.delete(point);
  }
  // True when a window size is set: tables themselves are built lazily on first multiply.
  hasWindowSize(point) {
    return getWindowSize(point) !== 1;
  }
};
function mulAddUnsafe(c, points, scalars, allowOversized = false) {
  validatePointCons(c);
  validateMSMPoints(points, c);
  abool(allowOversized, "allowOversized");
  validateMSMScalars(scalars, c.Fn, allowOversized ? c.Fn.ORDER ** _4n2 : void 0);
  if (points.length !== scalars.length)
    throw new Error("arrays of points and scalars must have equal length");
  const tables = points.map((p) => oddMultiples(p, 4));
  const digits = scalars.map((n) => wnafDigits(n, 4));
  return wnafWalk(c.ZERO, tables, digits);
}
function createField(order, field, isLE2) {
  if (field) {
    if (field.ORDER !== order)
      throw new Error("Field.ORDER must match order: Fp == p, Fn == n");
    validateField(field);
    return field;
  } else {
    return Field(order, { isLE: isLE2 });
  }
}
function createCurveFields(type, CURVE, curveOpts = {}, FpFnLE) {
  if (type !== "weierstrass" && type !== "edwards")
    throw new Error('expected curve type "weierstrass" or "edwards"');
  if (FpFnLE === void 0)
    FpFnLE = type === "edwards";
  if (!CURVE || typeof CURVE !== "object")
    throw new Error(`expected valid ${type} CURVE object`);
  validateObject(curveOpts);
  for (const p of ["p", "n", "h"]) {
    const val = CURVE[p];
    if (!(isPosBig(val) && val !== _0n3))
      throw new Error(`CURVE.${p} must be positive bigint`);
  }
  const Fp = createField(CURVE.p, curveOpts.Fp, FpFnLE);
  const Fn = createField(CURVE.n, curveOpts.Fn, FpFnLE);
  const _b = type === "weierstrass" ? "b" : "d";
  const params = ["Gx", "Gy", "a", _b];
  for (const p of params) {
    if (!Fp.isValid(CURVE[p]))
      throw new Error(`CURVE.${p} must be valid field element of CURVE.Fp`);
  }
  CURVE = Object.freeze(Object.assign({}, CURVE));
  return { CURVE, Fp, Fn };
}
function createKeygen(randomSecretKey, getPublicKey) {
  return function keygen(seed) {
    const secretKey = randomSecretKey(seed);
    return { secretKey, publicKey: getPublicKey(secretKey) };
  };
}

// node_modules/@noble/hashes/hmac.js
var _HMAC = class {
  constructor(hash, key) {
    __publicField(this, "oHash");
    __publicField(this, "iHash");
    __publicField(this, "blockLen");
    __publicField(this, "outputLen");
    __publicField(this, "canXOF", false);
    __publicField(this, "finished", false);
    __publicField(this, "destroyed", false);
    ahash(hash);
    abytes(key, void 0, "key");
    this.iHash = hash.create();
    if (typeof this.iHash.update !== "function")
      throw new Error("expected Hash instance");
    this.blockLen = this.iHash.blockLen;
    this.outputLen = this.iHash.outputLen;
    const blockLen = this.blockLen;
    const pad = new Uint8Array(blockLen);
    pad.set(key.length > blockLen ? hash.create().update(key).digest() : key);
    for (let i = 0; i < pad.length; i++)
      pad[i] ^= 54;
    this.iHash.update(pad);
    this.oHash = hash.create();
    for (let i = 0; i < pad.length; i++)
      pad[i] ^= 54 ^ 92;
    this.oHash.update(pad);
    clean(pad);
  }
  update(buf) {
    aexists(this);
    this.iHash.update(buf);
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const buf = out.subarray(0, this.outputLen);
    this.iHash.digestInto(buf);
    this.oHash.update(buf);
    this.oHash.digestInto(buf);
    this.destroy();
  }
  digest() {
    const out = new Uint8Array(this.oHash.outputLen);
    this.digestInto(out);
    return out;
  }
  _cloneInto(to) {
    to || (to = Object.create(Object.getPrototypeOf(this), {}));
    const { oHash, iHash, finished, destroyed, blockLen, outputLen, canXOF } = this;
    to = to;
    to.finished = finished;
    to.destroyed = destroyed;
    to.blockLen = blockLen;
    to.outputLen = outputLen;
    to.canXOF = canXOF;
    to.oHash = oHash._cloneInto(to.oHash);
    to.iHash = iHash._cloneInto(to.iHash);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
  destroy() {
    this.destroyed = true;
    this.oHash.destroy();
    this.iHash.destroy();
  }
};
var hmac = /* @__PURE__ */ (() => {
  const hmac_ = ((hash, key, message) => new _HMAC(hash, key).update(message).digest());
  hmac_.create = (hash, key) => new _HMAC(hash, key);
  return hmac_;
})();

// node_modules/@noble/curves/abstract/der.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n4 = /* @__PURE__ */ BigInt(0);
var DERErr = class extends Error {
  constructor(m = "") {
    super(m);
  }
};
var _DER = {
  // asn.1 DER encoding utils
  Err: DERErr,
  // Basic building block is TLV (Tag-Length-Value)
  _tlv: {
    encode: (tag, data) => {
      const { Err: E } = _DER;
      asafenumber(tag, "tag");
      if (tag < 0 || tag > 255)
        throw new E("tlv.encode: wrong tag");
      astring(data, "data");
      if (data.length & 1)
        throw new E("tlv.encode: unpadded data");
      const dataLen = data.length / 2;
      const len = numberToHexUnpadded(dataLen);
      if (len.length / 2 & 128)
        throw new E("tlv.encode: long form length too big");
      const lenLen = dataLen > 127 ? numberToHexUnpadded(len.length / 2 | 128) : "";
      const t = numberToHexUnpadded(tag);
      return t + lenLen + len + data;
    },
    // v - value, l - left bytes (unparsed)
    decode(tag, data) {
      const { Err: E } = _DER;
      data = abytes2(data, void 0, "DER data");
      let pos = 0;
      if (tag < 0 || tag > 255)
        throw new E("tlv.decode: wrong tag");
      if (data.length < 2 || data[pos++] !== tag)
        throw new E("tlv.decode: wrong tlv");
      const first = data[pos++];
      const isLong = !!(first & 128);
      let length = 0;
      if (!isLong)
        length = first;
      else {
        const lenLen = first & 127;
        if (!lenLen)
          throw new E("tlv.decode(long): indefinite length not supported");
        if (lenLen > 4)
          throw new E("tlv.decode(long): byte length is too big");
        const lengthBytes = data.subarray(pos, pos + lenLen);
        if (lengthBytes.length !== lenLen)
          throw new E("tlv.decode: length bytes not complete");
        if (lengthBytes[0] === 0)
          throw new E("tlv.decode(long): zero leftmost byte");
        for (const b of lengthBytes)
          length = length << 8 | b;
        pos += lenLen;
        if (length < 128)
          throw new E("tlv.decode(long): not minimal encoding");
      }
      const v = data.subarray(pos, pos + length);
      if (v.length !== length)
        throw new E("tlv.decode: wrong value length");
      return { v, l: data.subarray(pos + length) };
    }
  },
  // https://crypto.stackexchange.com/a/57734 Leftmost bit of first byte is 'negative' flag,
  // since we always use positive integers here. It must always be empty:
  // - add zero byte if exists
  // - if next byte doesn't have a flag, leading zero is not allowed (minimal encoding)
  _int: {
    encode(num2) {
      const { Err: E } = _DER;
      abignumber(num2);
      if (num2 < _0n4)
        throw new E("integer: negative integers are not allowed");
      let hex = numberToHexUnpadded(num2);
      if (Number.parseInt(hex[0], 16) & 8)
        hex = "00" + hex;
      if (hex.length & 1)
        throw new E("unexpected DER parsing assertion: unpadded hex");
      return hex;
    },
    decode(data) {
      const { Err: E } = _DER;
      if (data.length < 1)
        throw new E("invalid signature integer: empty");
      if (data[0] & 128)
        throw new E("invalid signature integer: negative");
      if (data.length > 1 && data[0] === 0 && !(data[1] & 128))
        throw new E("invalid signature integer: unnecessary leading zero");
      return bytesToNumberBE(data);
    }
  },
  toSig(bytes, maxScalarBytes) {
    const { Err: E, _int: int, _tlv: tlv } = _DER;
    if (maxScalarBytes !== void 0) {
      asafenumber(maxScalarBytes, "maxScalarBytes");
      if (maxScalarBytes < 1)
        throw new E("invalid signature: maxScalarBytes must be positive");
    }
    const data = abytes2(bytes, void 0, "signature");
    const { v: seqBytes, l: seqLeftBytes } = tlv.decode(48, data);
    if (seqLeftBytes.length)
      throw new E("invalid signature: left bytes after parsing");
    const { v: rBytes, l: rLeftBytes } = tlv.decode(2, seqBytes);
    const { v: sBytes, l: sLeftBytes } = tlv.decode(2, rLeftBytes);
    if (sLeftBytes.length)
      throw new E("invalid signature: left bytes after parsing");
    if (maxScalarBytes !== void 0 && (rBytes.length > maxScalarBytes || sBytes.length > maxScalarBytes))
      throw new E("invalid signature: integer too large");
    return { r: int.decode(rBytes), s: int.decode(sBytes) };
  },
  hexFromSig(sig) {
    const { _tlv: tlv, _int: int } = _DER;
    validateObject(sig, { r: "bigint", s: "bigint" }, {}, "sig");
    const rs = tlv.encode(2, int.encode(sig.r));
    const ss = tlv.encode(2, int.encode(sig.s));
    const seq = rs + ss;
    return tlv.encode(48, seq);
  }
};
var DER = /* @__PURE__ */ (() => {
  Object.freeze(_DER._tlv);
  Object.freeze(_DER._int);
  return Object.freeze(_DER);
})();

// node_modules/@noble/curves/abstract/weierstrass.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var divNearest = (num2, den) => (num2 + (num2 >= 0 ? den : -den) / _2n2) / den;
function _splitEndoScalar(k, basis, n) {
  aInRange("scalar", k, _0n5, n);
  const [[a1, b1], [a2, b2]] = basis;
  const c1 = divNearest(b2 * k, n);
  const c2 = divNearest(-b1 * k, n);
  let k1 = k - c1 * a1 - c2 * a2;
  let k2 = -c1 * b1 - c2 * b2;
  const k1neg = k1 < _0n5;
  const k2neg = k2 < _0n5;
  if (k1neg)
    k1 = -k1;
  if (k2neg)
    k2 = -k2;
  const MAX_NUM = bitMask(Math.ceil(bitLen(n) / 2)) + _1n4;
  if (k1 < _0n5 || k1 >= MAX_NUM || k2 < _0n5 || k2 >= MAX_NUM) {
    throw new Error("splitScalar (endomorphism): failed for k");
  }
  return { k1neg, k1, k2neg, k2 };
}
function validateSigFormat(format) {
  if (!["compact", "recovered", "der"].includes(format))
    throw new Error('Signature format must be "compact", "recovered", or "der"');
  return format;
}
function validateSigOpts(opts, def) {
  validateObject(opts);
  const optsn = {};
  for (let optName of Object.keys(def)) {
    optsn[optName] = opts[optName] === void 0 ? def[optName] : opts[optName];
  }
  abool(optsn.lowS, "lowS");
  abool(optsn.prehash, "prehash");
  if (optsn.format !== void 0)
    validateSigFormat(optsn.format);
  return optsn;
}
var _0n5 = /* @__PURE__ */ BigInt(0);
var _1n4 = /* @__PURE__ */ BigInt(1);
var _2n2 = /* @__PURE__ */ BigInt(2);
var _3n2 = /* @__PURE__ */ BigInt(3);
var _4n3 = /* @__PURE__ */ BigInt(4);
function weierstrass(params, extraOpts = {}) {
  const validated = createCurveFields("weierstrass", params, extraOpts);
  const Fp = validated.Fp;
  const Fn = validated.Fn;
  let CURVE = validated.CURVE;
  const { h: cofactor, n: CURVE_ORDER } = CURVE;
  validateObject(extraOpts, {}, {
    allowInfinityPoint: "boolean",
    clearCofactor: "function",
    isTorsionFree: "function",
    fromBytes: "function",
    toBytes: "function",
    endo: "object",
    randomBytes: "function"
  });
  const { endo: endoOpts, allowInfinityPoint, clearCofactor, isTorsionFree, fromBytes, toBytes } = extraOpts;
  const randomBytes4 = extraOpts.randomBytes === void 0 ? randomBytes3 : extraOpts.randomBytes;
  if (endoOpts) {
    if (!Fp.is0(CURVE.a) || typeof endoOpts.beta !== "bigint" || !Array.isArray(endoOpts.basises)) {
      throw new Error('invalid endo: expected "beta": bigint and "basises": array');
    }
  }
  const endo = endoOpts ? {
    beta: endoOpts.beta,
    basises: endoOpts.basises.map((basis) => [...basis])
  } : void 0;
  const lengths = getWLengths(Fp, Fn);
  function assertCompressionIsSupported() {
    if (!Fp.isOdd)
      throw new Error("compression is not supported: Field does not have .isOdd()");
  }
  function pointToBytes2(_c, point, isCompressed) {
    if (point.is0()) {
      if (!allowInfinityPoint)
        throw new Error("bad point: ZERO");
      return Uint8Array.of(0);
    }
    const { x, y } = point.toAffine();
    const bx = Fp.toBytes(x);
    abool(isCompressed, "isCompressed");
    if (isCompressed) {
      assertCompressionIsSupported();
      const hasEvenY = !Fp.isOdd(y);
      return concatBytes3(pprefix(hasEvenY), bx);
    } else {
      return concatBytes3(Uint8Array.of(4), bx, Fp.toBytes(y));
    }
  }
  function pointFromBytes(bytes) {
    abytes2(bytes, void 0, "Point");
    const { publicKey: comp, publicKeyUncompressed: uncomp } = lengths;
    const length = bytes.length;
    const head = bytes[0];
    const tail = bytes.subarray(1);
    if (allowInfinityPoint && length === 1 && head === 0)
      return { x: Fp.ZERO, y: Fp.ZERO };
    if (length === comp && (head === 2 || head === 3)) {
      const x = Fp.fromBytes(tail);
      if (!Fp.isValid(x))
        throw new Error("bad point: is not on curve, wrong x");
      const y2 = weierstrassEquation(x);
      let y;
      try {
        y = Fp.sqrt(y2);
      } catch (sqrtError) {
        const err = sqrtError instanceof Error ? ": " + sqrtError.message : "";
        throw new Error("bad point: is not on curve, sqrt error" + err);
      }
      assertCompressionIsSupported();
      const evenY = Fp.isOdd(y);
      const evenH = (head & 1) === 1;
      if (evenH !== evenY)
        y = Fp.neg(y);
      return { x, y };
    } else if (length === uncomp && head === 4) {
      const L = Fp.BYTES;
      const x = Fp.fromBytes(tail.subarray(0, L));
      const y = Fp.fromBytes(tail.subarray(L, L * 2));
      if (!isValidXY(x, y))
        throw new Error("bad point: is not on curve");
      return { x, y };
    } else {
      throw new Error(`bad point: got length ${length}, expected compressed=${comp} or uncompressed=${uncomp}`);
    }
  }
  const encodePoint2 = toBytes === void 0 ? pointToBytes2 : toBytes;
  const decodePoint2 = fromBytes === void 0 ? pointFromBytes : fromBytes;
  const b3 = Fp.mul(CURVE.b, _3n2);
  const mulA = Fp.is0(CURVE.a) ? (_) => Fp.ZERO : (x) => Fp.mul(CURVE.a, x);
  function weierstrassEquation(x) {
    const x2 = Fp.sqr(x);
    const x3 = Fp.mul(x2, x);
    return Fp.add(Fp.add(x3, Fp.mul(x, CURVE.a)), CURVE.b);
  }
  function isValidXY(x, y) {
    const left = Fp.sqr(y);
    const right = weierstrassEquation(x);
    return Fp.eql(left, right);
  }
  if (!isValidXY(CURVE.Gx, CURVE.Gy))
    throw new Error("bad curve params: generator point");
  const _4a3 = Fp.mul(Fp.pow(CURVE.a, _3n2), _4n3);
  const _27b2 = Fp.mul(Fp.sqr(CURVE.b), BigInt(27));
  if (Fp.is0(Fp.add(_4a3, _27b2)))
    throw new Error("bad curve params: a or b");
  function acoord(title, n, banZero = false) {
    if (!Fp.isValid(n) || banZero && Fp.is0(n))
      throw new Error(`bad point coordinate ${title}`);
    return typeof n === "object" && n !== null ? Fp.create(n) : n;
  }
  function aprjpoint(other) {
    if (!(other instanceof Point2))
      throw new Error("Weierstrass Point expected");
  }
  function splitEndoScalarN(k) {
    if (!endo || !endo.basises)
      throw new Error("no endo");
    return _splitEndoScalar(k, endo.basises, Fn.ORDER);
  }
  function pushWnafPair(points, scalars, p, k) {
    if (!Fn.isValid(k))
      throw new RangeError("invalid scalar: out of range");
    if (endo) {
      const { k1neg, k1, k2neg, k2 } = splitEndoScalarN(k);
      const psi = new Point2(Fp.mul(p.X, endo.beta), p.Y, p.Z);
      points.push(k1neg ? p.negate() : p, k2neg ? psi.negate() : psi);
      scalars.push(k1, k2);
    } else {
      points.push(p);
      scalars.push(k);
    }
  }
  const validityCache = /* @__PURE__ */ new WeakSet();
  const _Point = class _Point {
    /** Does NOT validate if the point is valid. Use `.assertValidity()`. */
    constructor(X, Y, Z) {
      __publicField(this, "X");
      __publicField(this, "Y");
      __publicField(this, "Z");
      this.X = acoord("x", X);
      this.Y = acoord("y", Y, true);
      this.Z = acoord("z", Z);
      Object.freeze(this);
    }
    static CURVE() {
      return CURVE;
    }
    /** Does NOT validate if the point is valid. Use `.assertValidity()`. */
    static fromAffine(p) {
      const { x, y } = p || {};
      if (!p || !Fp.isValid(x) || !Fp.isValid(y))
        throw new Error("invalid affine point");
      if (p instanceof _Point)
        throw new Error("projective point not allowed");
      if (Fp.is0(x) && Fp.is0(y))
        return _Point.ZERO;
      return new _Point(x, y, Fp.ONE);
    }
    static fromBytes(bytes) {
      const P2 = _Point.fromAffine(decodePoint2(abytes2(bytes, void 0, "point")));
      P2.assertValidity();
      return P2;
    }
    static fromHex(hex) {
      return _Point.fromBytes(hexToBytes2(hex));
    }
    get x() {
      return this.toAffine().x;
    }
    get y() {
      return this.toAffine().y;
    }
    /**
     * @param isLazy - true will defer table computation until the first multiplication
     */
    precompute(windowSize = 6, isLazy = true) {
      wnaf.setWindowSize(this, windowSize);
      if (!isLazy)
        this.multiply(_3n2);
      return this;
    }
    // TODO: return `this`
    /** A point on curve is valid if it conforms to equation. */
    assertValidity() {
      const p = this;
      if (p.is0()) {
        if (allowInfinityPoint && Fp.is0(p.X) && Fp.eql(p.Y, Fp.ONE) && Fp.is0(p.Z))
          return;
        throw new Error("bad point: ZERO");
      }
      if (validityCache.has(p))
        return;
      const { x, y } = p.toAffine();
      if (!Fp.isValid(x) || !Fp.isValid(y))
        throw new Error("bad point: x or y not field elements");
      if (!isValidXY(x, y))
        throw new Error("bad point: equation left != right");
      if (!p.isTorsionFree())
        throw new Error("bad point: not in prime-order subgroup");
      validityCache.add(p);
    }
    hasEvenY() {
      const { y } = this.toAffine();
      if (!Fp.isOdd)
        throw new Error("Field doesn't support isOdd");
      return !Fp.isOdd(y);
    }
    /** Compare one point to another. */
    equals(other) {
      aprjpoint(other);
      const { X: X1, Y: Y1, Z: Z1 } = this;
      const { X: X2, Y: Y2, Z: Z2 } = other;
      const U1 = Fp.eql(Fp.mul(X1, Z2), Fp.mul(X2, Z1));
      const U2 = Fp.eql(Fp.mul(Y1, Z2), Fp.mul(Y2, Z1));
      return U1 && U2;
    }
    /** Flips point to one corresponding to (x, -y) in Affine coordinates. */
    negate() {
      return new _Point(this.X, Fp.neg(this.Y), this.Z);
    }
    // Renes-Costello-Batina exception-free doubling formula.
    // There is 30% faster Jacobian formula, but it is not complete.
    // https://eprint.iacr.org/2015/1060, algorithm 3
    // Cost: 8M + 3S + 3*a + 2*b3 + 15add.
    double() {
      const { X: X1, Y: Y1, Z: Z1 } = this;
      let X3 = Fp.ZERO, Y3 = Fp.ZERO, Z3 = Fp.ZERO;
      let t0 = Fp.mul(X1, X1);
      let t1 = Fp.mul(Y1, Y1);
      let t2 = Fp.mul(Z1, Z1);
      let t3 = Fp.mul(X1, Y1);
      t3 = Fp.add(t3, t3);
      Z3 = Fp.mul(X1, Z1);
      Z3 = Fp.add(Z3, Z3);
      X3 = mulA(Z3);
      Y3 = Fp.mul(b3, t2);
      Y3 = Fp.add(X3, Y3);
      X3 = Fp.sub(t1, Y3);
      Y3 = Fp.add(t1, Y3);
      Y3 = Fp.mul(X3, Y3);
      X3 = Fp.mul(t3, X3);
      Z3 = Fp.mul(b3, Z3);
      t2 = mulA(t2);
      t3 = Fp.sub(t0, t2);
      t3 = mulA(t3);
      t3 = Fp.add(t3, Z3);
      Z3 = Fp.add(t0, t0);
      t0 = Fp.add(Z3, t0);
      t0 = Fp.add(t0, t2);
      t0 = Fp.mul(t0, t3);
      Y3 = Fp.add(Y3, t0);
      t2 = Fp.mul(Y1, Z1);
      t2 = Fp.add(t2, t2);
      t0 = Fp.mul(t2, t3);
      X3 = Fp.sub(X3, t0);
      Z3 = Fp.mul(t2, t1);
      Z3 = Fp.add(Z3, Z3);
      Z3 = Fp.add(Z3, Z3);
      return new _Point(X3, Y3, Z3);
    }
    // Renes-Costello-Batina exception-free addition formula.
    // There is 30% faster Jacobian formula, but it is not complete.
    // https://eprint.iacr.org/2015/1060, algorithm 1
    // Cost: 12M + 0S + 3*a + 3*b3 + 23add.
    add(other) {
      aprjpoint(other);
      const { X: X1, Y: Y1, Z: Z1 } = this;
      const { X: X2, Y: Y2, Z: Z2 } = other;
      let X3 = Fp.ZERO, Y3 = Fp.ZERO, Z3 = Fp.ZERO;
      let t0 = Fp.mul(X1, X2);
      let t1 = Fp.mul(Y1, Y2);
      let t2 = Fp.mul(Z1, Z2);
      let t3 = Fp.add(X1, Y1);
      let t4 = Fp.add(X2, Y2);
      t3 = Fp.mul(t3, t4);
      t4 = Fp.add(t0, t1);
      t3 = Fp.sub(t3, t4);
      t4 = Fp.add(X1, Z1);
      let t5 = Fp.add(X2, Z2);
      t4 = Fp.mul(t4, t5);
      t5 = Fp.add(t0, t2);
      t4 = Fp.sub(t4, t5);
      t5 = Fp.add(Y1, Z1);
      X3 = Fp.add(Y2, Z2);
      t5 = Fp.mul(t5, X3);
      X3 = Fp.add(t1, t2);
      t5 = Fp.sub(t5, X3);
      Z3 = mulA(t4);
      X3 = Fp.mul(b3, t2);
      Z3 = Fp.add(X3, Z3);
      X3 = Fp.sub(t1, Z3);
      Z3 = Fp.add(t1, Z3);
      Y3 = Fp.mul(X3, Z3);
      t1 = Fp.add(t0, t0);
      t1 = Fp.add(t1, t0);
      t2 = mulA(t2);
      t4 = Fp.mul(b3, t4);
      t1 = Fp.add(t1, t2);
      t2 = Fp.sub(t0, t2);
      t2 = mulA(t2);
      t4 = Fp.add(t4, t2);
      t0 = Fp.mul(t1, t4);
      Y3 = Fp.add(Y3, t0);
      t0 = Fp.mul(t5, t4);
      X3 = Fp.mul(t3, X3);
      X3 = Fp.sub(X3, t0);
      t0 = Fp.mul(t3, t1);
      Z3 = Fp.mul(t5, Z3);
      Z3 = Fp.add(Z3, t0);
      return new _Point(X3, Y3, Z3);
    }
    subtract(other) {
      aprjpoint(other);
      return this.add(other.negate());
    }
    is0() {
      return this.equals(_Point.ZERO);
    }
    /**
     * Constant time multiplication.
     * Uses precomputed tables (signed fixed-window wNAF) when available.
     * Uses scalar blinding and avoids endomorphism splitting in the secret-scalar path.
     * @param scalar - by which the point would be multiplied
     * @returns New point
     */
    multiply(scalar) {
      if (!Fn.isValidNot0(scalar))
        throw new RangeError("invalid scalar: out of range");
      const { p, f } = wnaf.mulSecret(this, scalar, cofactor, normalize);
      return normalize([p, f])[0];
    }
    /**
     * Non-constant-time multiplication. Uses width-4 wNAF with GLV endomorphism splitting
     * when available (two half-width scalars sharing one halved doubling chain).
     * It's faster, but should only be used when you don't care about
     * an exposed secret key e.g. sig verification, which works over *public* keys.
     */
    multiplyUnsafe(scalar) {
      const p = this;
      const sc = scalar;
      if (!Fn.isValid(sc))
        throw new RangeError("invalid scalar: out of range");
      if (sc === _0n5 || p.is0())
        return _Point.ZERO;
      if (sc === _1n4)
        return p;
      if (wnaf.hasWindowSize(this))
        return wnaf.mulUnsafe(p, sc, normalize);
      const points = [];
      const scalars = [];
      pushWnafPair(points, scalars, p, sc);
      return mulAddUnsafe(_Point, points, scalars);
    }
    /**
     * Non-constant-time double-scalar multiplication `a⋅this + b⋅other` (Strauss–Shamir).
     * Both walks share one doubling chain via {@link mulAddUnsafe}, and GLV endomorphism
     * (when available) halves the chain again by splitting each scalar into two half-width
     * parts. Used by ECDSA verification and public-key recovery for `R = u1⋅G + u2⋅P`.
     * Only for public scalars.
     */
    mulAddUnsafe(a, other, b) {
      aprjpoint(other);
      const points = [];
      const scalars = [];
      pushWnafPair(points, scalars, this, a);
      pushWnafPair(points, scalars, other, b);
      return mulAddUnsafe(_Point, points, scalars);
    }
    /**
     * Converts Projective point to affine (x, y) coordinates.
     * (X, Y, Z) ∋ (x=X/Z, y=Y/Z).
     * @param invertedZ - Z^-1 (inverted zero) - optional, precomputation is useful for invertBatch
     */
    toAffine(invertedZ) {
      const p = this;
      let iz = invertedZ;
      if (iz != null && !Fp.isValid(iz))
        throw new RangeError('"invertedZ" expected valid field element');
      const { X, Y, Z } = p;
      if (Fp.eql(Z, Fp.ONE))
        return { x: X, y: Y };
      const is0 = p.is0();
      if (iz == null)
        iz = is0 ? Fp.ONE : Fp.inv(Z);
      const x = Fp.mul(X, iz);
      const y = Fp.mul(Y, iz);
      const zz = Fp.mul(Z, iz);
      if (is0)
        return { x: Fp.ZERO, y: Fp.ZERO };
      if (!Fp.eql(zz, Fp.ONE))
        throw new Error("invZ was invalid");
      return { x, y };
    }
    /**
     * Checks whether Point is free of torsion elements (is in prime subgroup).
     * Always torsion-free for cofactor=1 curves.
     */
    isTorsionFree() {
      if (cofactor === _1n4)
        return true;
      if (isTorsionFree)
        return isTorsionFree(_Point, this);
      return wnaf.mulUnsafe(this, CURVE_ORDER).is0();
    }
    clearCofactor() {
      if (cofactor === _1n4)
        return this;
      if (clearCofactor)
        return clearCofactor(_Point, this);
      return this.multiplyUnsafe(cofactor);
    }
    isSmallOrder() {
      if (cofactor === _1n4)
        return this.is0();
      return this.clearCofactor().is0();
    }
    toBytes(isCompressed = true) {
      abool(isCompressed, "isCompressed");
      this.assertValidity();
      return encodePoint2(_Point, this, isCompressed);
    }
    toHex(isCompressed = true) {
      return bytesToHex2(this.toBytes(isCompressed));
    }
    toString() {
      return `<Point ${this.is0() ? "ZERO" : this.toHex()}>`;
    }
  };
  __publicField(_Point, "BASE", new _Point(CURVE.Gx, CURVE.Gy, Fp.ONE));
  __publicField(_Point, "ZERO", new _Point(Fp.ZERO, Fp.ONE, Fp.ZERO));
  __publicField(_Point, "Fp", Fp);
  __publicField(_Point, "Fn", Fn);
  let Point2 = _Point;
  const normalize = (points) => normalizeZ(Point2, points);
  const wnaf = new ScalarMultiplier(Point2, randomBytes4);
  if (wnaf.bits >= 6)
    Point2.BASE.precompute(6);
  Object.freeze(Point2.prototype);
  Object.freeze(Point2);
  return Point2;
}
function pprefix(hasEvenY) {
  return Uint8Array.of(hasEvenY ? 2 : 3);
}
function getWLengths(Fp, Fn) {
  return {
    secretKey: Fn.BYTES,
    publicKey: 1 + Fp.BYTES,
    publicKeyUncompressed: 1 + 2 * Fp.BYTES,
    publicKeyHasPrefix: true,
    // Raw compact `(r || s)` signature width; DER and recovered signatures use
    // different lengths outside this helper.
    signature: 2 * Fn.BYTES
  };
}
function ecdh(Point2, ecdhOpts = {}) {
  validatePointCons(Point2);
  const { Fn } = Point2;
  const randomBytes_ = ecdhOpts.randomBytes === void 0 ? randomBytes3 : ecdhOpts.randomBytes;
  const lengths = Object.assign(getWLengths(Point2.Fp, Fn), {
    seed: Math.max(getMinHashLength(Fn.ORDER), 16)
  });
  function isValidSecretKey(secretKey) {
    try {
      const num2 = Fn.fromBytes(secretKey);
      return Fn.isValidNot0(num2);
    } catch (error) {
      return false;
    }
  }
  function isValidPublicKey(publicKey, isCompressed) {
    const { publicKey: comp, publicKeyUncompressed } = lengths;
    try {
      const l = publicKey.length;
      if (isCompressed === true && l !== comp)
        return false;
      if (isCompressed === false && l !== publicKeyUncompressed)
        return false;
      return !Point2.fromBytes(publicKey).is0();
    } catch (error) {
      return false;
    }
  }
  function randomSecretKey(seed) {
    seed = seed === void 0 ? randomBytes_(lengths.seed) : seed;
    return mapHashToField(abytes2(seed, lengths.seed, "seed"), Fn.ORDER);
  }
  function getPublicKey(secretKey, isCompressed = true) {
    return Point2.BASE.multiply(Fn.fromBytes(secretKey)).toBytes(isCompressed);
  }
  function isProbPub(item) {
    const { secretKey, publicKey, publicKeyUncompressed } = lengths;
    const allowedLengths = Fn._lengths;
    if (!isBytes2(item))
      return void 0;
    const l = abytes2(item, void 0, "key").length;
    const isPub = l === publicKey || l === publicKeyUncompressed;
    const isSec = l === secretKey || !!allowedLengths?.includes(l);
    if (isPub && isSec)
      return void 0;
    return isPub;
  }
  function getSharedSecret(secretKeyA, publicKeyB, isCompressed = true) {
    if (isProbPub(secretKeyA) === true)
      throw new Error("first arg must be private key");
    if (isProbPub(publicKeyB) === false)
      throw new Error("second arg must be public key");
    const s = Fn.fromBytes(secretKeyA);
    const b = Point2.fromBytes(publicKeyB);
    if (b.is0())
      throw new Error("invalid public key: point at infinity");
    return b.multiply(s).toBytes(isCompressed);
  }
  const utils = {
    isValidSecretKey,
    isValidPublicKey,
    randomSecretKey
  };
  const keygen = createKeygen(randomSecretKey, getPublicKey);
  Object.freeze(utils);
  Object.freeze(lengths);
  return Object.freeze({ getPublicKey, getSharedSecret, keygen, Point: Point2, utils, lengths });
}
function ecdsa(Point2, hash, ecdsaOpts = {}) {
  validatePointCons(Point2);
  const hash_ = hash;
  ahash(hash_);
  validateObject(ecdsaOpts, {}, {
    hmac: "function",
    lowS: "boolean",
    randomBytes: "function",
    bits2int: "function",
    bits2int_modN: "function"
  });
  const opts = Object.assign({}, ecdsaOpts);
  const randomBytes4 = opts.randomBytes === void 0 ? randomBytes3 : opts.randomBytes;
  const hmac2 = opts.hmac === void 0 ? (key, msg) => hmac(hash_, key, msg) : opts.hmac;
  const { Fp, Fn } = Point2;
  const { ORDER: CURVE_ORDER, BITS: fnBits } = Fn;
  const blindLength = getMinHashLength(CURVE_ORDER);
  const csprng = probeRandomBytes(randomBytes4, blindLength);
  const { keygen, getPublicKey, getSharedSecret, utils, lengths } = ecdh(Point2, opts);
  const defaultSigOpts = {
    prehash: true,
    lowS: typeof opts.lowS === "boolean" ? opts.lowS : true,
    format: "compact",
    extraEntropy: false
  };
  const hasLargeRecoveryLifts = CURVE_ORDER * _2n2 + _1n4 < Fp.ORDER;
  function isBiggerThanHalfOrder(number) {
    const HALF = CURVE_ORDER >> _1n4;
    return number > HALF;
  }
  function validateRS(title, num2) {
    if (!Fn.isValidNot0(num2))
      throw new Error(`invalid signature ${title}: out of range 1..Point.Fn.ORDER`);
    return num2;
  }
  function assertFieldSignIsSupported() {
    if (!Fp.isOdd)
      throw new Error("Field doesn't support isOdd");
  }
  function getRecoveryBit(x, y, r) {
    assertFieldSignIsSupported();
    return (x === r ? 0 : 2) | Number(Fp.isOdd(y));
  }
  function assertRecoverableCurve() {
    if (hasLargeRecoveryLifts)
      throw new Error('"recovered" sig type is not supported for cofactor >2 curves');
  }
  function validateSigLength(bytes, format) {
    validateSigFormat(format);
    const size = lengths.signature;
    const sizer = format === "compact" ? size : format === "recovered" ? size + 1 : void 0;
    return abytes2(bytes, sizer);
  }
  class Signature {
    constructor(r, s, recovery) {
      __publicField(this, "r");
      __publicField(this, "s");
      __publicField(this, "recovery");
      this.r = validateRS("r", r);
      this.s = validateRS("s", s);
      if (recovery != null) {
        assertRecoverableCurve();
        if (![0, 1, 2, 3].includes(recovery))
          throw new Error("invalid recovery id");
        this.recovery = recovery;
      }
      Object.freeze(this);
    }
    static fromBytes(bytes, format = defaultSigOpts.format) {
      validateSigLength(bytes, format);
      let recid;
      if (format === "der") {
        if (bytes.length > 2 * Fn.BYTES + 16)
          throw new DER.Err("invalid signature: DER signature too long");
        const { r: r2, s: s2 } = DER.toSig(abytes2(bytes), Fn.BYTES + 1);
        return new Signature(r2, s2);
      }
      if (format === "recovered") {
        recid = bytes[0];
        format = "compact";
        bytes = bytes.subarray(1);
      }
      const L = lengths.signature / 2;
      const r = bytes.subarray(0, L);
      const s = bytes.subarray(L, L * 2);
      return new Signature(Fn.fromBytes(r), Fn.fromBytes(s), recid);
    }
    static fromHex(hex, format) {
      return this.fromBytes(hexToBytes2(hex), format);
    }
    assertRecovery() {
      const { recovery } = this;
      if (recovery == null)
        throw new Error("invalid recovery id: must be present");
      return recovery;
    }
    addRecoveryBit(recovery) {
      return new Signature(this.r, this.s, recovery);
    }
    // Unlike the top-level helper below, this method expects a digest that has
    // already been hashed to the curve's message representative.
    recoverPublicKey(messageHash) {
      const { r, s } = this;
      const recovery = this.assertRecovery();
      const radj = recovery === 2 || recovery === 3 ? r + CURVE_ORDER : r;
      if (!Fp.isValid(radj))
        throw new Error("invalid recovery id: sig.r+curve.n != R.x");
      const x = Fp.toBytes(radj);
      const R = Point2.fromBytes(concatBytes3(pprefix((recovery & 1) === 0), x));
      const ir = Fn.inv(radj);
      const h = bits2int_modN(abytes2(messageHash, void 0, "msgHash"));
      const u1 = Fn.create(-h * ir);
      const u2 = Fn.create(s * ir);
      const Q = Point2.BASE.mulAddUnsafe(u1, R, u2);
      if (Q.is0())
        throw new Error("invalid recovery: point at infinify");
      Q.assertValidity();
      return Q;
    }
    // Signatures should be low-s, to prevent malleability.
    hasHighS() {
      return isBiggerThanHalfOrder(this.s);
    }
    toBytes(format = defaultSigOpts.format) {
      validateSigFormat(format);
      if (format === "der")
        return hexToBytes2(DER.hexFromSig(this));
      const { r, s } = this;
      const rb = Fn.toBytes(r);
      const sb = Fn.toBytes(s);
      if (format === "recovered") {
        assertRecoverableCurve();
        return concatBytes3(Uint8Array.of(this.assertRecovery()), rb, sb);
      }
      return concatBytes3(rb, sb);
    }
    toHex(format) {
      return bytesToHex2(this.toBytes(format));
    }
  }
  Object.freeze(Signature.prototype);
  Object.freeze(Signature);
  const bits2int = opts.bits2int === void 0 ? function bits2int_def(bytes) {
    if (bytes.length > 8192)
      throw new Error("input is too large");
    const num2 = bytesToNumberBE(bytes);
    const delta = bytes.length * 8 - fnBits;
    return delta > 0 ? num2 >> BigInt(delta) : num2;
  } : opts.bits2int;
  const bits2int_modN = opts.bits2int_modN === void 0 ? function bits2int_modN_def(bytes) {
    return Fn.create(bits2int(bytes));
  } : opts.bits2int_modN;
  const ORDER_MASK = bitMask(fnBits);
  function int2octets(num2) {
    aInRange("num < 2^" + fnBits, num2, _0n5, ORDER_MASK);
    return Fn.toBytes(num2);
  }
  function validateMsgAndHash(message, prehash) {
    abytes2(message, void 0, "message");
    return prehash ? abytes2(hash_(message), void 0, "prehashed message") : message;
  }
  function prepSig(message, secretKey, opts2) {
    const { lowS, prehash, extraEntropy } = validateSigOpts(opts2, defaultSigOpts);
    message = validateMsgAndHash(message, prehash);
    const h1int = bits2int_modN(message);
    const d = Fn.fromBytes(secretKey);
    if (!Fn.isValidNot0(d))
      throw new Error("invalid private key");
    const seedArgs = [int2octets(d), int2octets(h1int)];
    if (extraEntropy != null && extraEntropy !== false) {
      const e = extraEntropy === true ? randomBytes4(lengths.secretKey) : extraEntropy;
      seedArgs.push(abytes2(e, void 0, "extraEntropy"));
    }
    const seed = concatBytes3(...seedArgs);
    const m = h1int;
    function k2sig(kBytes) {
      const k = bits2int(kBytes);
      if (!Fn.isValidNot0(k))
        return;
      const q = Point2.BASE.multiply(k).toAffine();
      const r = Fn.create(q.x);
      if (r === _0n5)
        return;
      let s;
      if (csprng !== void 0) {
        const b = bytesToNumberBE(mapHashToField(csprng(blindLength), CURVE_ORDER));
        const ibk = Fn.inv(Fn.mul(b, k));
        const bm = Fn.mul(b, m);
        const bd = Fn.mul(b, d);
        s = Fn.create(ibk * Fn.create(bm + bd * r));
      } else {
        const ik = invertCt(k, CURVE_ORDER);
        s = Fn.create(ik * Fn.create(m + r * d));
      }
      if (s === _0n5)
        return;
      let recovery = getRecoveryBit(q.x, q.y, r);
      let normS = s;
      if (lowS && isBiggerThanHalfOrder(s)) {
        normS = Fn.neg(s);
        recovery ^= 1;
      }
      return new Signature(r, normS, hasLargeRecoveryLifts ? void 0 : recovery);
    }
    return { seed, k2sig };
  }
  function sign(message, secretKey, opts2 = {}) {
    const { seed, k2sig } = prepSig(message, secretKey, opts2);
    const drbg = createHmacDrbg(hash_.outputLen, Fn.BYTES, hmac2);
    const sig = drbg(seed, k2sig);
    return sig.toBytes(opts2.format);
  }
  function verify(signature, message, publicKey, opts2 = {}) {
    const { lowS, prehash, format } = validateSigOpts(opts2, defaultSigOpts);
    publicKey = abytes2(publicKey, void 0, "publicKey");
    message = validateMsgAndHash(message, prehash);
    if (!isBytes2(signature)) {
      const end = signature instanceof Signature ? ", use sig.toBytes()" : "";
      throw new Error("verify expects Uint8Array signature" + end);
    }
    validateSigLength(signature, format);
    try {
      const sig = Signature.fromBytes(signature, format);
      const P2 = Point2.fromBytes(publicKey);
      if (P2.is0())
        return false;
      if (lowS && sig.hasHighS())
        return false;
      const { r, s } = sig;
      const h = bits2int_modN(message);
      const is = Fn.inv(s);
      const u1 = Fn.create(h * is);
      const u2 = Fn.create(r * is);
      const R = Point2.BASE.mulAddUnsafe(u1, P2, u2);
      if (R.is0())
        return false;
      const q = R.toAffine();
      const v = Fn.create(q.x);
      if (v !== r)
        return false;
      if (format === "recovered" && sig.recovery !== getRecoveryBit(q.x, q.y, r))
        return false;
      return true;
    } catch (e) {
      return false;
    }
  }
  function recoverPublicKey(signature, message, opts2 = {}) {
    const { prehash } = validateSigOpts(opts2, defaultSigOpts);
    message = validateMsgAndHash(message, prehash);
    return Signature.fromBytes(signature, "recovered").recoverPublicKey(message).toBytes();
  }
  return Object.freeze({
    keygen,
    getPublicKey,
    getSharedSecret,
    utils,
    lengths,
    Point: Point2,
    sign,
    verify,
    recoverPublicKey,
    Signature,
    hash: hash_
  });
}

// node_modules/@noble/curves/secp256k1.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var secp256k1_CURVE = {
  p: BigInt("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
  n: BigInt("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
  h: BigInt(1),
  a: BigInt(0),
  b: BigInt(7),
  Gx: BigInt("0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
  Gy: BigInt("0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8")
};
var secp256k1_ENDO = {
  beta: BigInt("0x7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee"),
  basises: [
    [BigInt("0x3086d221a7d46bcde86c90e49284eb15"), -BigInt("0xe4437ed6010e88286f547fa90abfe4c3")],
    [BigInt("0x114ca50f7a8e2f3f657c1108d9d44cfd8"), BigInt("0x3086d221a7d46bcde86c90e49284eb15")]
  ]
};
var _0n6 = /* @__PURE__ */ BigInt(0);
var _2n3 = /* @__PURE__ */ BigInt(2);
function sqrtMod(y) {
  const P2 = secp256k1_CURVE.p;
  const _3n3 = BigInt(3), _6n = BigInt(6), _11n = BigInt(11), _22n = BigInt(22);
  const _23n = BigInt(23), _44n = BigInt(44), _88n = BigInt(88);
  const b2 = y * y * y % P2;
  const b3 = b2 * b2 * y % P2;
  const b6 = pow2(b3, _3n3, P2) * b3 % P2;
  const b9 = pow2(b6, _3n3, P2) * b3 % P2;
  const b11 = pow2(b9, _2n3, P2) * b2 % P2;
  const b22 = pow2(b11, _11n, P2) * b11 % P2;
  const b44 = pow2(b22, _22n, P2) * b22 % P2;
  const b88 = pow2(b44, _44n, P2) * b44 % P2;
  const b176 = pow2(b88, _88n, P2) * b88 % P2;
  const b220 = pow2(b176, _44n, P2) * b44 % P2;
  const b223 = pow2(b220, _3n3, P2) * b3 % P2;
  const t1 = pow2(b223, _23n, P2) * b22 % P2;
  const t2 = pow2(t1, _6n, P2) * b2 % P2;
  const root = pow2(t2, _2n3, P2);
  if (!Fpk1.eql(Fpk1.sqr(root), y))
    throw new Error("Cannot find square root");
  return root;
}
var Fpk1 = /* @__PURE__ */ Field(secp256k1_CURVE.p, { sqrt: sqrtMod });
var Pointk1 = /* @__PURE__ */ weierstrass(secp256k1_CURVE, {
  Fp: Fpk1,
  endo: secp256k1_ENDO
});
var secp256k1 = /* @__PURE__ */ ecdsa(Pointk1, sha256);
var TAGGED_HASH_PREFIXES = /* @__PURE__ */ Object.create(null);
function taggedHash(tag, ...messages) {
  let tagP = TAGGED_HASH_PREFIXES[tag];
  if (tagP === void 0) {
    const tagH = sha256(asciiToBytes(tag));
    tagP = concatBytes3(tagH, tagH);
    TAGGED_HASH_PREFIXES[tag] = tagP;
  }
  return sha256(concatBytes3(tagP, ...messages));
}
var pointToBytes = (point) => point.toBytes(true).slice(1);
var affineXToBytes = ({ x }) => Fpk1.toBytes(x);
var hasEven = (y) => !Fpk1.isOdd(y);
function schnorrGetExtPubKey(priv) {
  const { Fn, BASE } = Pointk1;
  const d_ = Fn.fromBytes(abytes2(priv, 32, "secretKey"));
  const p = BASE.multiply(d_);
  const affine = p.toAffine();
  const scalar = hasEven(affine.y) ? d_ : Fn.neg(d_);
  return { scalar, bytes: affineXToBytes(affine) };
}
function lift_x(x) {
  const Fp = Fpk1;
  if (!Fp.isValidNot0(x))
    throw new Error("invalid x: Fail if x ≥ p");
  const xx = Fp.sqr(x);
  const c = Fp.add(Fp.mulN(xx, x), BigInt(7));
  let y = Fp.sqrt(c);
  if (!hasEven(y))
    y = Fp.neg(y);
  const p = Pointk1.fromAffine({ x, y });
  p.assertValidity();
  return p;
}
var num = bytesToNumberBE;
function challenge(...args) {
  return Pointk1.Fn.create(num(taggedHash("BIP0340/challenge", ...args)));
}
function schnorrGetPublicKey(secretKey) {
  return schnorrGetExtPubKey(secretKey).bytes;
}
function schnorrSign(message, secretKey, auxRand = randomBytes(32)) {
  const { Fn, BASE } = Pointk1;
  const m = copyBytes(abytes2(message, void 0, "message"));
  const { bytes: px, scalar: d } = schnorrGetExtPubKey(secretKey);
  const a = abytes2(auxRand, 32, "auxRand");
  const t = Fn.toBytes(d ^ num(taggedHash("BIP0340/aux", a)));
  const rand = taggedHash("BIP0340/nonce", t, px, m);
  const k_ = Fn.create(num(rand));
  if (k_ === _0n6)
    throw new Error("sign failed: k is zero");
  const p = BASE.multiply(k_);
  const affine = p.toAffine();
  const k = hasEven(affine.y) ? k_ : Fn.neg(k_);
  const rx = affineXToBytes(affine);
  const e = challenge(rx, px, m);
  const sig = new Uint8Array(64);
  sig.set(rx, 0);
  sig.set(Fn.toBytes(Fn.create(k + e * d)), 32);
  if (!schnorrVerify(sig, m, px))
    throw new Error("sign: Invalid signature produced");
  return sig;
}
function schnorrVerify(signature, message, publicKey) {
  const { Fp, Fn, BASE } = Pointk1;
  const sig = abytes2(signature, 64, "signature");
  const m = abytes2(message, void 0, "message");
  const pub = abytes2(publicKey, 32, "publicKey");
  try {
    const P2 = lift_x(num(pub));
    const rBytes = sig.subarray(0, 32);
    const r = num(rBytes);
    if (!Fp.isValidNot0(r))
      return false;
    const s = num(sig.subarray(32, 64));
    if (!Fn.isValidNot0(s))
      return false;
    const e = challenge(rBytes, pointToBytes(P2), m);
    const R = BASE.mulAddUnsafe(s, P2, Fn.neg(e));
    const { x, y } = R.toAffine();
    if (R.is0() || !hasEven(y) || !Fp.eql(x, r))
      return false;
    return true;
  } catch (error) {
    return false;
  }
}
var schnorr = /* @__PURE__ */ (() => {
  const size = 32;
  const seedLength = 48;
  const randomSecretKey = (seed) => {
    seed = seed === void 0 ? randomBytes(seedLength) : seed;
    return mapHashToField(abytes2(seed, seedLength, "seed"), secp256k1_CURVE.n);
  };
  return Object.freeze({
    keygen: createKeygen(randomSecretKey, schnorrGetPublicKey),
    getPublicKey: schnorrGetPublicKey,
    sign: schnorrSign,
    verify: schnorrVerify,
    Point: Pointk1,
    utils: Object.freeze({
      randomSecretKey,
      taggedHash,
      lift_x,
      pointToBytes
    }),
    lengths: Object.freeze({
      secretKey: size,
      publicKey: size,
      publicKeyHasPrefix: false,
      signature: size * 2,
      seed: seedLength
    })
  });
})();

// src/crypto/group.js
var Point = secp256k1.Point;
var P = 2n ** 256n - 2n ** 32n - 977n;
var N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
var G = Point.BASE;
var IDENTITY = Point.ZERO;
var GROUP_NAME = "secp256k1";
var ELEMENT_BYTES = 33;
var SCALAR_BYTES = 32;
function mod2(x) {
  const r = x % N;
  return r < 0n ? r + N : r;
}
function isIdentity(a) {
  return a.is0();
}
function encodePoint(a) {
  if (!(a instanceof Point)) throw new ParameterError("encodePoint: not a secp256k1 point");
  if (a.is0()) return Uint8Array.of(0);
  return a.toBytes(true);
}
function decodePoint(data, role, allowIdentity = false) {
  if (!(data instanceof Uint8Array)) {
    throw new GroupElementError(`${role}: expected bytes for a secp256k1 point`);
  }
  if (data.length === 1 && data[0] === 0) {
    if (!allowIdentity) throw new GroupElementError(`${role}: the identity element is not allowed here`);
    return IDENTITY;
  }
  if (data.length !== ELEMENT_BYTES) {
    throw new GroupElementError(
      `${role}: a secp256k1 point is exactly ${ELEMENT_BYTES} bytes (or 0x00 for the identity), got ${data.length}`
    );
  }
  const prefix = data[0];
  if (prefix !== 2 && prefix !== 3) {
    throw new GroupElementError(
      `${role}: prefix 0x${prefix.toString(16).padStart(2, "0")} is not a compressed point (02 or 03)`
    );
  }
  if (bytesToBigint(data.subarray(1)) >= P) {
    throw new GroupElementError(`${role}: x-coordinate is not below the field prime`);
  }
  let point;
  try {
    point = Point.fromBytes(data);
    point.assertValidity();
  } catch {
    throw new GroupElementError(`${role}: x-coordinate of no point on secp256k1`);
  }
  if (point.is0()) throw new GroupElementError(`${role}: not a valid point`);
  return point;
}
function pointToHex(a) {
  return toHex(encodePoint(a));
}
function pointFromHex(text, role, allowIdentity = false) {
  return decodePoint(strictHex(text, role), role, allowIdentity);
}
function encodeScalar(k) {
  return bigintToBytes(mod2(k), SCALAR_BYTES);
}
function decodeScalar(data, role) {
  if (!(data instanceof Uint8Array) || data.length !== SCALAR_BYTES) {
    throw new EncodingError(`${role}: scalar must be ${SCALAR_BYTES} bytes`);
  }
  const k = bytesToBigint(data);
  if (k >= N) throw new EncodingError(`${role}: scalar is not below the group order`);
  return k;
}
function scalarToHex(k) {
  return toHex(encodeScalar(k));
}
function scalarFromHex(text, role) {
  return decodeScalar(strictHex(text, role, SCALAR_BYTES), role);
}
function expGSecret(k) {
  const e = mod2(k);
  return e === 0n ? IDENTITY : G.multiply(e);
}
function expSecret(a, k) {
  const e = mod2(k);
  return e === 0n || a.is0() ? IDENTITY : a.multiply(e);
}
function exp(a, k) {
  return a.multiplyUnsafe(mod2(k));
}
function mul(a, b) {
  return a.add(b);
}
function div(a, b) {
  return a.subtract(b);
}
function inv(a) {
  return a.negate();
}
function prod(elements) {
  let acc = IDENTITY;
  for (const e of elements) acc = acc.add(e);
  return acc;
}
function pointsEqual(a, b) {
  return a.equals(b);
}
function randomScalar(rng) {
  return randBelow(rng, N);
}
function randomNonzeroScalar(rng) {
  return 1n + randBelow(rng, N - 1n);
}
function description() {
  return { name: GROUP_NAME, p: P, a: 0n, b: 7n, g: encodePoint(G), n: N, h: 1n };
}
var cachedGroupHash;
function groupHash() {
  if (cachedGroupHash === void 0) cachedGroupHash = H(GROUP_DESCRIPTION, description());
  return cachedGroupHash.slice();
}

// src/crypto/elgamal.js
function encrypt(K, m, rng, r) {
  const msg = typeof m === "number" ? BigInt(m) : m;
  if (typeof msg !== "bigint" || msg < 0n) {
    throw new ParameterError("encrypt: the message must be a non-negative integer");
  }
  if (isIdentity(K)) throw new ParameterError("encrypt: public key: the identity element is not allowed here");
  const rr = r === void 0 ? randomNonzeroScalar(rng) : mod2(r);
  const alpha = expGSecret(rr);
  const gm = mul(expGSecret(msg + 1n), inv(G));
  const beta = mul(gm, expSecret(K, rr));
  return { ciphertext: { alpha, beta }, r: rr };
}
function aggregate(ciphertexts) {
  let alpha = IDENTITY;
  let beta = IDENTITY;
  for (const ct of ciphertexts) {
    alpha = mul(alpha, ct.alpha);
    beta = mul(beta, ct.beta);
  }
  return { alpha, beta };
}
function encodeCiphertext(ct) {
  return { alpha: pointToHex(ct.alpha), beta: pointToHex(ct.beta) };
}
function ciphertextValue(ct) {
  return [encodePoint(ct.alpha), encodePoint(ct.beta)];
}
function decodeCiphertext(obj, role, allowIdentity) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new EncodingError(`${role}: a ciphertext must be an object with alpha and beta, got ${typeName(obj)}`);
  }
  const keys = Object.keys(obj).sort();
  if (keys.length !== 2 || keys[0] !== "alpha" || keys[1] !== "beta") {
    throw new EncodingError(
      `${role}: a ciphertext has exactly the fields alpha and beta, got ${JSON.stringify(keys)}`
    );
  }
  return {
    alpha: pointFromHex(obj.alpha, `${role}.alpha`, allowIdentity),
    beta: pointFromHex(obj.beta, `${role}.beta`, allowIdentity)
  };
}

// src/crypto/ceremony.js
function commitmentHash(ceremonyCtx, trustee, commitments) {
  return H(POLYNOMIAL_COMMITMENTS, ceremonyCtx, trustee, commitments.map(encodePoint));
}
function dealers(commitments, qual) {
  if (qual.length === 0) throw new ParameterError("the qualified set is empty");
  return qual.map((i) => {
    const found = commitments.get(i);
    if (!found || found.length === 0) throw new ParameterError(`no commitments of trustee ${i}`);
    return found;
  });
}
function jointKeyOf(commitments, qual) {
  return prod(dealers(commitments, qual).map((c) => c[0]));
}
function verificationKeyOf(commitments, j, qual) {
  if (!Number.isSafeInteger(j) || j < 1) throw new ParameterError(`trustee index ${j} is not ≥ 1`);
  let acc = null;
  for (const coefficients of dealers(commitments, qual)) {
    let power = 1n;
    for (const point of coefficients) {
      const term = exp(point, power);
      acc = acc === null ? term : mul(acc, term);
      power = power * BigInt(j) % N;
    }
  }
  return acc;
}

// src/crypto/proofs.js
var MAX_RANGE_BRANCHES = 1024;
function challenge2(tag, context, statement, commitments) {
  return hashToScalar(tag, N, {
    group: groupHash(),
    context,
    statement,
    commitments
  });
}
function eqBit(a, b) {
  const d = mod2(a - b);
  return 1n - (d + N - 1n) / N;
}
function checkElement(proof, role, value2, allowIdentity) {
  if (value2 === null || typeof value2 !== "object" || typeof value2.is0 !== "function") {
    throw new ProofError(`${proof}: ${role} is not a group element`);
  }
  if (!allowIdentity && isIdentity(value2)) {
    throw new ProofError(`${proof}: ${role} is the identity element`);
  }
  return value2;
}
function checkScalar(proof, role, value2) {
  if (typeof value2 !== "bigint" || value2 < 0n || value2 >= N) {
    throw new ProofError(`${proof}: ${role} is not a scalar in [0, n)`);
  }
  return value2;
}
function toBigint(value2, role) {
  if (typeof value2 === "number" && Number.isSafeInteger(value2)) return BigInt(value2);
  if (typeof value2 === "bigint") return value2;
  throw new ParameterError(`${role} must be an integer`);
}
function branchHolds(K, ct, j, a, b, c, v) {
  const left1 = exp(G, v);
  const right1 = a.add(exp(ct.alpha, c));
  if (!left1.equals(right1)) return "g";
  const shifted = ct.beta.subtract(exp(G, j));
  const left2 = exp(K, v);
  const right2 = b.add(exp(shifted, c));
  if (!left2.equals(right2)) return "K";
  return null;
}
function proveDisjunction(K, ct, values, m, r, makeChallenge, rng) {
  const u = randomNonzeroScalar(rng);
  const simC = values.map(() => randomScalar(rng));
  const simV = values.map(() => randomScalar(rng));
  const bits = values.map((j) => eqBit(m, j));
  let simSum = 0n;
  for (let i = 0; i < values.length; i++) simSum += (1n - bits[i]) * simC[i];
  simSum = mod2(simSum);
  const single = values.length === 1;
  const gInv = G.negate();
  const a = [];
  const b = [];
  for (let i = 0; i < values.length; i++) {
    const e = bits[i];
    const y = (1n - e) * simC[i];
    const s = mod2(e * u + (1n - e) * simV[i] - r * y);
    a.push(expGSecret(s));
    const kS = expSecret(K, s);
    if (single) {
      b.push(kS);
    } else {
      const gT1 = expGSecret(mod2((values[i] - m) * y + 1n));
      b.push(kS.add(gT1).add(gInv));
    }
  }
  const c = makeChallenge(a, b);
  const cList = bits.map((e, i) => mod2(e * (c - simSum) + (1n - e) * simC[i]));
  const vList = bits.map((e, i) => mod2(e * (u + cList[i] * r) + (1n - e) * simV[i]));
  return { a, b, c: cList, v: vList };
}
function zeroOneChallenge(K, ct, a, b, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    alpha: encodePoint(ct.alpha),
    beta: encodePoint(ct.beta)
  };
  const commitments = [a[0], b[0], a[1], b[1]].map(encodePoint);
  return challenge2(DISJUNCTIVE_CHALLENGE, context, statement, commitments);
}
function proveZeroOne(K, ct, m, r, context, rng) {
  const bit = toBigint(m, "proveZeroOne: the message");
  if (bit !== 0n && bit !== 1n) throw new ParameterError("proveZeroOne: the message must be 0 or 1");
  const { a, b, c, v } = proveDisjunction(
    K,
    ct,
    [0n, 1n],
    bit,
    mod2(r),
    (a2, b2) => zeroOneChallenge(K, ct, a2, b2, context),
    rng
  );
  return { a0: a[0], b0: b[0], a1: a[1], b1: b[1], c0: c[0], v0: v[0], v1: v[1] };
}
function verifyZeroOne(K, ct, proof, context) {
  const name = "zero-one proof";
  checkElement(name, "public key K", K, false);
  checkElement(name, "ciphertext alpha", ct.alpha, false);
  checkElement(name, "ciphertext beta", ct.beta, false);
  const a = [checkElement(name, "commitment a0", proof.a0, false), checkElement(name, "commitment a1", proof.a1, false)];
  const b = [checkElement(name, "commitment b0", proof.b0, false), checkElement(name, "commitment b1", proof.b1, false)];
  const c0 = checkScalar(name, "challenge c0", proof.c0);
  const v0 = checkScalar(name, "response v0", proof.v0);
  const v1 = checkScalar(name, "response v1", proof.v1);
  const c = zeroOneChallenge(K, ct, a, b, context);
  const c1 = mod2(c - c0);
  const first = branchHolds(K, ct, 0n, a[0], b[0], c0, v0);
  if (first !== null) {
    const eq = first === "g" ? "g^v0 = a0·α^c0" : "K^v0 = b0·β^c0";
    throw new ProofError(`${name}: the equation ${eq} does not hold`);
  }
  const second = branchHolds(K, ct, 1n, a[1], b[1], c1, v1);
  if (second !== null) {
    const eq = second === "g" ? "g^v1 = a1·α^c1" : "K^v1 = b1·(β/g)^c1";
    throw new ProofError(`${name}: the equation ${eq} does not hold`);
  }
  return true;
}
function checkBounds(name, lo, hi, ErrorType) {
  const l = toBigint(lo, `${name}: the lower bound`);
  const h = toBigint(hi, `${name}: the upper bound`);
  if (l < 0n || h < l || h - l + 1n > BigInt(MAX_RANGE_BRANCHES) || h >= N) {
    throw new ErrorType(`${name}: the range [${l}, ${h}] is empty or wider than ${MAX_RANGE_BRANCHES} values`);
  }
  return [l, h];
}
function rangeChallenge(K, ct, lo, hi, a, b, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    alpha: encodePoint(ct.alpha),
    beta: encodePoint(ct.beta),
    lo,
    hi
  };
  const commitments = a.map((x, i) => [encodePoint(x), encodePoint(b[i])]);
  return challenge2(RANGE_CHALLENGE, context, statement, commitments);
}
function proveRange(K, ct, m, r, lo, hi, context, rng) {
  const name = "proveRange";
  const [l, h] = checkBounds(name, lo, hi, ParameterError);
  const msg = toBigint(m, `${name}: the message`);
  if (msg < l || msg > h) throw new ParameterError(`${name}: the message is outside [${l}, ${h}]`);
  const values = [];
  for (let j = l; j <= h; j++) values.push(j);
  const { a, b, c, v } = proveDisjunction(
    K,
    ct,
    values,
    msg,
    mod2(r),
    (a2, b2) => rangeChallenge(K, ct, l, h, a2, b2, context),
    rng
  );
  return { a, b, c: c.slice(0, -1), v };
}
function verifyRange(K, ct, lo, hi, proof, context) {
  const name = "range proof";
  const [l, h] = checkBounds(name, lo, hi, ProofError);
  const n = Number(h - l + 1n);
  checkElement(name, "public key K", K, false);
  checkElement(name, "ciphertext alpha", ct.alpha, true);
  checkElement(name, "ciphertext beta", ct.beta, true);
  const { a, b, c, v } = proof;
  if (!Array.isArray(a) || !Array.isArray(b) || !Array.isArray(c) || !Array.isArray(v) || a.length !== n || b.length !== n || v.length !== n || c.length !== n - 1) {
    throw new ProofError(`${name}: expected ${n} commitments a and b, ${n - 1} challenges and ${n} responses`);
  }
  a.forEach((x, j) => checkElement(name, `commitment a[${j}]`, x, false));
  b.forEach((x, j) => checkElement(name, `commitment b[${j}]`, x, false));
  c.forEach((x, j) => checkScalar(name, `challenge c[${j}]`, x));
  v.forEach((x, j) => checkScalar(name, `response v[${j}]`, x));
  const total = rangeChallenge(K, ct, l, h, a, b, context);
  const challenges = [...c, mod2(total - c.reduce((s, x) => s + x, 0n))];
  for (let i = 0; i < n; i++) {
    const j = l + BigInt(i);
    const failed = branchHolds(K, ct, j, a[i], b[i], challenges[i], v[i]);
    if (failed !== null) {
      const eq = failed === "g" ? "g^v = a·α^c" : `K^v = b·(β/g^${j})^c`;
      throw new ProofError(`${name}: the equation ${eq} for the value ${j} does not hold`);
    }
  }
  return true;
}
function fields(obj, role, names) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new EncodingError(`${role}: a proof must be an object, got ${typeName(obj)}`);
  }
  const got = Object.keys(obj).sort();
  const want = [...names].sort();
  if (got.length !== want.length || got.some((k, i) => k !== want[i])) {
    throw new EncodingError(`${role}: expected exactly the fields ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  return obj;
}
function list(value2, role) {
  if (!Array.isArray(value2)) throw new EncodingError(`${role}: expected a list`);
  if (value2.length > MAX_RANGE_BRANCHES) throw new EncodingError(`${role}: more than ${MAX_RANGE_BRANCHES} entries`);
  return value2;
}
function encodeZeroOne(p) {
  return {
    a0: pointToHex(p.a0),
    b0: pointToHex(p.b0),
    a1: pointToHex(p.a1),
    b1: pointToHex(p.b1),
    c0: scalarToHex(p.c0),
    v0: scalarToHex(p.v0),
    v1: scalarToHex(p.v1)
  };
}
function encodeRange(p) {
  return {
    a: p.a.map(pointToHex),
    b: p.b.map(pointToHex),
    c: p.c.map(scalarToHex),
    v: p.v.map(scalarToHex)
  };
}
function zeroOneValue(p) {
  return {
    a0: encodePoint(p.a0),
    b0: encodePoint(p.b0),
    a1: encodePoint(p.a1),
    b1: encodePoint(p.b1),
    c0: encodeScalar(p.c0),
    v0: encodeScalar(p.v0),
    v1: encodeScalar(p.v1)
  };
}
function rangeValue(p) {
  return {
    a: p.a.map(encodePoint),
    b: p.b.map(encodePoint),
    c: p.c.map(encodeScalar),
    v: p.v.map(encodeScalar)
  };
}
function decodeZeroOne(obj, role) {
  const f = fields(obj, role, ["a0", "b0", "a1", "b1", "c0", "v0", "v1"]);
  return {
    a0: pointFromHex(f.a0, `${role}.a0`),
    b0: pointFromHex(f.b0, `${role}.b0`),
    a1: pointFromHex(f.a1, `${role}.a1`),
    b1: pointFromHex(f.b1, `${role}.b1`),
    c0: scalarFromHex(f.c0, `${role}.c0`),
    v0: scalarFromHex(f.v0, `${role}.v0`),
    v1: scalarFromHex(f.v1, `${role}.v1`)
  };
}
function decodeRange(obj, role) {
  const f = fields(obj, role, ["a", "b", "c", "v"]);
  const lists = {};
  for (const key of ["a", "b", "c", "v"]) lists[key] = list(f[key], `${role}.${key}`);
  return {
    a: lists.a.map((x, i) => pointFromHex(x, `${role}.a[${i}]`)),
    b: lists.b.map((x, i) => pointFromHex(x, `${role}.b[${i}]`)),
    c: lists.c.map((x, i) => scalarFromHex(x, `${role}.c[${i}]`)),
    v: lists.v.map((x, i) => scalarFromHex(x, `${role}.v[${i}]`))
  };
}

// src/crypto/signatures.js
var SIGNATURE_BYTES = 64;
function checkXOnly(xonly, role = "public key") {
  if (!(xonly instanceof Uint8Array) || xonly.length !== 32) {
    throw new EncodingError(`${role}: an x-only key must be exactly 32 bytes`);
  }
  if (bytesToBigint(xonly) >= P) throw new EncodingError(`${role}: x-coordinate is not below the field prime`);
  try {
    schnorr.utils.lift_x(bytesToBigint(xonly));
  } catch {
    throw new EncodingError(`${role}: not the x-coordinate of a secp256k1 point`);
  }
  return xonly;
}
function xonlyFromHex(text, role = "public key") {
  return checkXOnly(strictHex(text, role, 32), role);
}
function fingerprint(xonly) {
  return toHex(H(KEY_FINGERPRINT, "bip340", checkXOnly(xonly)));
}
function signingKey(secret) {
  if (!(secret instanceof Uint8Array) || secret.length !== 32) {
    throw new EncodingError("secret key: must be exactly 32 bytes");
  }
  const k = bytesToBigint(secret);
  if (k <= 0n || k >= N) throw new EncodingError("secret key: must be in [1, n)");
  const key = { secret: secret.slice(), xonly: schnorr.getPublicKey(secret) };
  Object.defineProperty(key, "toString", { value: () => `SigningKey(public=${toHex(key.xonly)})` });
  Object.defineProperty(key, "toJSON", { value: () => ({ public: toHex(key.xonly) }) });
  return Object.freeze(key);
}
function signRaw(key, message32, aux) {
  if (!(message32 instanceof Uint8Array) || message32.length !== 32) {
    throw new EncodingError("message: BIP-340 signs exactly 32 bytes");
  }
  if (!(aux instanceof Uint8Array) || aux.length !== 32) {
    throw new EncodingError("aux randomness: BIP-340 takes exactly 32 bytes");
  }
  return schnorr.sign(message32, key.secret, aux);
}
function verifyRaw(xonly, signature, message) {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES) return false;
  if (!(message instanceof Uint8Array)) return false;
  try {
    checkXOnly(xonly);
    return schnorr.verify(signature, message, xonly) === true;
  } catch {
    return false;
  }
}
function signTagged(key, tag, values, rng) {
  return signRaw(key, H(tag, ...values), randomBytes2(rng, 32));
}
function verifyTagged(xonly, signature, tag, values) {
  return verifyRaw(xonly, signature, H(tag, ...values));
}

// node_modules/@noble/hashes/hkdf.js
var HKDF_COUNTER = /* @__PURE__ */ Uint8Array.of(0);
var EMPTY_BUFFER = /* @__PURE__ */ Uint8Array.of();
function expand(hash, prk, info, length = 32, _recycled) {
  ahash(hash);
  anumber(length, "length");
  abytes(prk, void 0, "prk");
  const olen = hash.outputLen;
  if (prk.length < olen)
    throw new Error('"prk" must be at least HashLen octets');
  if (length > 255 * olen)
    throw new Error("Length must be <= 255*HashLen");
  const blocks = Math.ceil(length / olen);
  if (info === void 0)
    info = EMPTY_BUFFER;
  else
    abytes(info, void 0, "info");
  if (!blocks) {
    if (_recycled)
      clean(prk);
    return new Uint8Array();
  }
  const okm = _recycled && blocks === 1 ? prk : new Uint8Array(blocks * olen);
  const { iHash, oHash } = hmac.create(hash, prk);
  const T = _recycled ? prk : new Uint8Array(olen);
  const worker = blocks > 1 ? _recycled?.iHash || hash.create() : void 0;
  for (let counter = 0; counter < blocks - 1; counter++) {
    HKDF_COUNTER[0] = counter + 1;
    const iWork = iHash._cloneInto(worker);
    if (counter)
      iWork.update(T);
    iWork.update(info).update(HKDF_COUNTER).digestInto(T);
    oHash._cloneInto(worker).update(T).digestInto(T);
    okm.set(T, olen * counter);
  }
  HKDF_COUNTER[0] = blocks;
  if (blocks > 1)
    iHash.update(T);
  iHash.update(info).update(HKDF_COUNTER).digestInto(T);
  oHash.update(T).digestInto(T);
  okm.set(T, olen * (blocks - 1));
  iHash.destroy();
  oHash.destroy();
  worker?.destroy();
  if (T !== okm)
    clean(T);
  clean(HKDF_COUNTER);
  if (length === okm.length)
    return okm;
  const res = okm.slice(0, length);
  clean(okm);
  return res;
}
var hkdf = (hash, ikm, salt, info, length) => {
  ahash(hash);
  if (salt === void 0)
    salt = new Uint8Array(hash.outputLen);
  const HMAC = hmac.create(hash, salt).update(ikm);
  return expand(hash, HMAC.digest(), info, length, HMAC);
};

// node_modules/@noble/hashes/pbkdf2.js
function pbkdf2Init(hash, _password, _salt, _opts) {
  ahash(hash);
  const opts = checkOpts({ dkLen: 32, asyncTick: 10 }, _opts);
  const { c, dkLen, asyncTick } = opts;
  anumber(c, "c");
  anumber(dkLen, "dkLen");
  anumber(asyncTick, "asyncTick");
  if (c < 1)
    throw new Error('"c" (iterations) must be >= 1');
  if (dkLen < 1)
    throw new Error('"dkLen" must be >= 1');
  if (dkLen > (2 ** 32 - 1) * hash.outputLen)
    throw new Error("derived key too long");
  const p = kdfInputToBytes(_password, "password");
  try {
    const s = kdfInputToBytes(_salt, "salt");
    try {
      const DK = new Uint8Array(dkLen);
      const { iHash, oHash, outputLen } = hmac.create(hash, p);
      const u = new Uint8Array(outputLen);
      const eng = pbkdf2Engine(iHash, oHash, s, u);
      return { c, dkLen, asyncTick, DK, outputLen, eng };
    } finally {
      if (typeof _salt === "string")
        clean(s);
    }
  } finally {
    if (typeof _password === "string")
      clean(p);
  }
}
function pbkdf2Engine(iHash, oHash, salt, u) {
  const counter = new Uint8Array(4);
  const view = createView(counter);
  const salted = iHash._cloneInto().update(salt);
  const work = oHash._cloneInto();
  const iClone = iHash._cloneInto;
  const oClone = oHash._cloneInto;
  return {
    u1: (ti, Ti) => {
      view.setInt32(0, ti, false);
      salted._cloneInto(work).update(counter).digestInto(u);
      oHash._cloneInto(work).update(u).digestInto(u);
      Ti.set(u.subarray(0, Ti.length));
    },
    // Whole `F` inner loop for the sync variant: one optimized function owns the hot loop.
    rounds: (c, Ti) => {
      for (let ui = 1; ui < c; ui++) {
        iClone.call(iHash, work).update(u).digestInto(u);
        oClone.call(oHash, work).update(u).digestInto(u);
        for (let i = 0; i < Ti.length; i++)
          Ti[i] ^= u[i];
      }
    },
    output: (DK) => {
      iHash.destroy();
      oHash.destroy();
      salted.destroy();
      work.destroy();
      clean(u);
      return DK;
    }
  };
}
function pbkdf2(hash, password2, salt, opts) {
  const { c, dkLen, DK, outputLen, eng } = pbkdf2Init(hash, password2, salt, opts);
  for (let ti = 1, pos = 0; pos < dkLen; ti++, pos += outputLen) {
    const Ti = DK.subarray(pos, pos + outputLen);
    eng.u1(ti, Ti);
    eng.rounds(c, Ti);
  }
  return eng.output(DK);
}

// node_modules/@noble/hashes/scrypt.js
function XorAndSalsa(prev, pi, input, ii, out, oi) {
  let y00 = prev[pi++] ^ input[ii++], y01 = prev[pi++] ^ input[ii++];
  let y02 = prev[pi++] ^ input[ii++], y03 = prev[pi++] ^ input[ii++];
  let y04 = prev[pi++] ^ input[ii++], y05 = prev[pi++] ^ input[ii++];
  let y06 = prev[pi++] ^ input[ii++], y07 = prev[pi++] ^ input[ii++];
  let y08 = prev[pi++] ^ input[ii++], y09 = prev[pi++] ^ input[ii++];
  let y10 = prev[pi++] ^ input[ii++], y11 = prev[pi++] ^ input[ii++];
  let y12 = prev[pi++] ^ input[ii++], y13 = prev[pi++] ^ input[ii++];
  let y14 = prev[pi++] ^ input[ii++], y15 = prev[pi++] ^ input[ii++];
  let x00 = y00, x01 = y01, x02 = y02, x03 = y03, x04 = y04, x05 = y05, x06 = y06, x07 = y07, x08 = y08, x09 = y09, x10 = y10, x11 = y11, x12 = y12, x13 = y13, x14 = y14, x15 = y15;
  for (let i = 0; i < 8; i += 2) {
    x04 ^= rotl(x00 + x12 | 0, 7);
    x08 ^= rotl(x04 + x00 | 0, 9);
    x12 ^= rotl(x08 + x04 | 0, 13);
    x00 ^= rotl(x12 + x08 | 0, 18);
    x09 ^= rotl(x05 + x01 | 0, 7);
    x13 ^= rotl(x09 + x05 | 0, 9);
    x01 ^= rotl(x13 + x09 | 0, 13);
    x05 ^= rotl(x01 + x13 | 0, 18);
    x14 ^= rotl(x10 + x06 | 0, 7);
    x02 ^= rotl(x14 + x10 | 0, 9);
    x06 ^= rotl(x02 + x14 | 0, 13);
    x10 ^= rotl(x06 + x02 | 0, 18);
    x03 ^= rotl(x15 + x11 | 0, 7);
    x07 ^= rotl(x03 + x15 | 0, 9);
    x11 ^= rotl(x07 + x03 | 0, 13);
    x15 ^= rotl(x11 + x07 | 0, 18);
    x01 ^= rotl(x00 + x03 | 0, 7);
    x02 ^= rotl(x01 + x00 | 0, 9);
    x03 ^= rotl(x02 + x01 | 0, 13);
    x00 ^= rotl(x03 + x02 | 0, 18);
    x06 ^= rotl(x05 + x04 | 0, 7);
    x07 ^= rotl(x06 + x05 | 0, 9);
    x04 ^= rotl(x07 + x06 | 0, 13);
    x05 ^= rotl(x04 + x07 | 0, 18);
    x11 ^= rotl(x10 + x09 | 0, 7);
    x08 ^= rotl(x11 + x10 | 0, 9);
    x09 ^= rotl(x08 + x11 | 0, 13);
    x10 ^= rotl(x09 + x08 | 0, 18);
    x12 ^= rotl(x15 + x14 | 0, 7);
    x13 ^= rotl(x12 + x15 | 0, 9);
    x14 ^= rotl(x13 + x12 | 0, 13);
    x15 ^= rotl(x14 + x13 | 0, 18);
  }
  out[oi++] = y00 + x00 | 0;
  out[oi++] = y01 + x01 | 0;
  out[oi++] = y02 + x02 | 0;
  out[oi++] = y03 + x03 | 0;
  out[oi++] = y04 + x04 | 0;
  out[oi++] = y05 + x05 | 0;
  out[oi++] = y06 + x06 | 0;
  out[oi++] = y07 + x07 | 0;
  out[oi++] = y08 + x08 | 0;
  out[oi++] = y09 + x09 | 0;
  out[oi++] = y10 + x10 | 0;
  out[oi++] = y11 + x11 | 0;
  out[oi++] = y12 + x12 | 0;
  out[oi++] = y13 + x13 | 0;
  out[oi++] = y14 + x14 | 0;
  out[oi++] = y15 + x15 | 0;
}
function BlockMix(input, ii, out, oi, r) {
  let head = oi + 0;
  let tail = oi + 16 * r;
  for (let i = 0; i < 16; i++)
    out[tail + i] = input[ii + (2 * r - 1) * 16 + i];
  for (let i = 0; i < r; i++, head += 16, ii += 16) {
    XorAndSalsa(out, tail, input, ii, out, head);
    if (i > 0)
      tail += 16;
    XorAndSalsa(out, head, input, ii += 16, out, tail);
  }
}
var SCRYPT_DEFAULT_MAXMEM = 128 * 8 * (2 ** 20 + 1 + 1);
function scryptInit(password2, salt, _opts) {
  const opts = checkOpts({
    dkLen: 32,
    asyncTick: 10,
    maxmem: SCRYPT_DEFAULT_MAXMEM
  }, _opts);
  const { N: N2, r, p, dkLen, asyncTick, maxmem, onProgress } = opts;
  anumber(N2, "N");
  anumber(r, "r");
  anumber(p, "p");
  anumber(dkLen, "dkLen");
  anumber(asyncTick, "asyncTick");
  anumber(maxmem, "maxmem");
  if (onProgress !== void 0 && typeof onProgress !== "function")
    throw new Error('"onProgress" must be a function');
  if (r < 1)
    throw new Error('"r" expected integer >= 1');
  const blockSize = 128 * r;
  const blockSize32 = blockSize / 4;
  const pow32 = Math.pow(2, 32);
  if (N2 <= 1 || (N2 & N2 - 1) !== 0 || N2 > pow32)
    throw new Error('"N" expected a power of 2, and 2^1 <= N <= 2^32');
  if (p < 1 || p > (pow32 - 1) * 32 / blockSize)
    throw new Error('"p" expected integer 1..((2^32 - 1) * 32) / (128 * r)');
  if (dkLen < 1 || dkLen > (pow32 - 1) * 32)
    throw new Error('"dkLen" expected integer 1..(2^32 - 1) * 32');
  const memUsed = blockSize * (N2 + p + 1);
  if (memUsed > maxmem)
    throw new Error('"maxmem" limit was hit: memUsed(128*r*(N+p+1))=' + memUsed + ", maxmem=" + maxmem);
  const B = pbkdf2(sha256, password2, salt, { c: 1, dkLen: blockSize * p });
  const B32 = u322(B);
  const V = u322(new Uint8Array(blockSize * N2));
  const tmp = u322(new Uint8Array(blockSize));
  let blockMixCb = () => {
  };
  if (onProgress) {
    const totalBlockMix = 2 * N2 * p;
    const callbackPer = Math.max(Math.floor(totalBlockMix / 1e4), 1);
    let blockMixCnt = 0;
    blockMixCb = () => {
      blockMixCnt++;
      if (onProgress && (!(blockMixCnt % callbackPer) || blockMixCnt === totalBlockMix)) {
        try {
          onProgress(blockMixCnt / totalBlockMix);
        } catch (e) {
          clean(B, V, tmp);
          throw e;
        }
      }
    };
  }
  return { N: N2, r, p, dkLen, blockSize32, V, B32, B, tmp, blockMixCb, asyncTick };
}
function scryptOutput(password2, dkLen, B, V, tmp) {
  const res = pbkdf2(sha256, password2, B, { c: 1, dkLen });
  clean(B, V, tmp);
  return res;
}
function scrypt(password2, salt, opts) {
  const { N: N2, r, p, dkLen, blockSize32, V, B32, B, tmp, blockMixCb } = scryptInit(password2, salt, opts);
  swap32IfBE(B32);
  for (let pi = 0; pi < p; pi++) {
    const Pi = blockSize32 * pi;
    for (let i = 0; i < blockSize32; i++)
      V[i] = B32[Pi + i];
    for (let i = 0, pos = 0; i < N2 - 1; i++) {
      BlockMix(V, pos, V, pos += blockSize32, r);
      blockMixCb();
    }
    BlockMix(V, (N2 - 1) * blockSize32, B32, Pi, r);
    blockMixCb();
    for (let i = 0; i < N2; i++) {
      const j = (B32[Pi + blockSize32 - 16] & N2 - 1) >>> 0;
      for (let k = 0; k < blockSize32; k++)
        tmp[k] = B32[Pi + k] ^ V[j * blockSize32 + k];
      BlockMix(tmp, 0, B32, Pi, r);
      blockMixCb();
    }
  }
  swap32IfBE(B32);
  return scryptOutput(password2, dkLen, B, V, tmp);
}
async function scryptAsync(password2, salt, opts) {
  const { N: N2, r, p, dkLen, blockSize32, V, B32, B, tmp, blockMixCb, asyncTick } = scryptInit(password2, salt, opts);
  const abort = () => clean(B, V, tmp);
  swap32IfBE(B32);
  for (let pi = 0; pi < p; pi++) {
    const Pi = blockSize32 * pi;
    for (let i = 0; i < blockSize32; i++)
      V[i] = B32[Pi + i];
    let pos = 0;
    await asyncLoop(N2 - 1, asyncTick, () => {
      BlockMix(V, pos, V, pos += blockSize32, r);
      blockMixCb();
    }, abort);
    BlockMix(V, (N2 - 1) * blockSize32, B32, Pi, r);
    blockMixCb();
    await asyncLoop(N2, asyncTick, () => {
      const j = (B32[Pi + blockSize32 - 16] & N2 - 1) >>> 0;
      for (let k = 0; k < blockSize32; k++)
        tmp[k] = B32[Pi + k] ^ V[j * blockSize32 + k];
      BlockMix(tmp, 0, B32, Pi, r);
      blockMixCb();
    }, abort);
  }
  swap32IfBE(B32);
  return scryptOutput(password2, dkLen, B, V, tmp);
}

// src/crypto/credential.js
var CREDENTIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
var CREDENTIAL_CHARS = 28;
var ELECTION_ID_BYTES = 16;
var CHECK_MODULUS = 1021n;
var DERIVED_BYTES = 48;
var HKDF_SHA256 = "hkdf-sha256";
var IGNORED = /* @__PURE__ */ new Set([" ", "-", "	"]);
var TYPED = new Map([...CREDENTIAL_ALPHABET].map((ch, i) => [ch, i]));
TYPED.set("I", 1);
TYPED.set("L", 1);
TYPED.set("O", 0);
var MAX_LOG2_N = 24;
var MAX_R = 32;
var MAX_P = 16;
var MAX_MEMORY = 2 ** 31;
var checkTarget;
function target() {
  if (checkTarget === void 0) {
    checkTarget = bytesToBigint(H(CREDENTIAL_CHECKSUM, "crockford-mod-1021")) % CHECK_MODULUS;
  }
  return checkTarget;
}
function value(chars) {
  let v = 0n;
  for (const ch of chars) v = v * 32n + BigInt(TYPED.get(ch));
  return v;
}
function normaliseChecked(text, length, what) {
  if (typeof text !== "string") throw new InputError(`${what}: expected text`);
  const chars = [];
  for (const ch of text.toUpperCase()) {
    if (IGNORED.has(ch)) continue;
    const digit = TYPED.get(ch);
    if (digit === void 0) {
      throw new InputError(
        `${what}: character ${chars.length + 1} is not one of the ${what}'s letters and digits (0-9 and A-Z without U)`
      );
    }
    chars.push(CREDENTIAL_ALPHABET[digit]);
  }
  if (chars.length !== length) {
    throw new InputError(
      `${what}: expected ${length} letters and digits (spaces and hyphens aside), got ${chars.length}`
    );
  }
  const normalised = chars.join("");
  if (value(normalised) % CHECK_MODULUS !== target()) {
    throw new InputError(`${what}: the check characters do not match; a character is mistyped`);
  }
  return normalised;
}
function crockfordValue(chars) {
  return value(chars);
}
function encodeBase32(v, width) {
  let out = "";
  let rest = v;
  for (let i = 0; i < width; i++) {
    out = CREDENTIAL_ALPHABET[Number(rest % 32n)] + out;
    rest /= 32n;
  }
  return out;
}
function withCheck(v, width) {
  const body = encodeBase32(v, width);
  const check = ((target() - value(body) * 1024n) % CHECK_MODULUS + CHECK_MODULUS) % CHECK_MODULUS;
  return body + encodeBase32(check, 2);
}
function parseCredential(text) {
  const normalised = normaliseChecked(text, CREDENTIAL_CHARS, "credential");
  const credential = { text: normalised };
  Object.defineProperty(credential, "toString", { value: () => "Credential(<secret>)" });
  Object.defineProperty(credential, "toJSON", { value: () => "Credential(<secret>)" });
  return Object.freeze(credential);
}
function groupedCredential(credential) {
  return credential.text.match(/.{4}/g).join("-");
}
function checkKdf(kdf, role = "kdf") {
  if (kdf === null || typeof kdf !== "object") {
    throw new ParameterError(`${role}: expected {algorithm} or {algorithm, n, r, p}`);
  }
  const algorithm = kdf.algorithm === void 0 && "n" in kdf ? "scrypt" : kdf.algorithm;
  if (algorithm === HKDF_SHA256) {
    const extra = Object.keys(kdf).filter((key) => key !== "algorithm");
    if (extra.length) throw new ParameterError(`${role}: hkdf-sha256 takes no ${extra.join(", ")}`);
    return Object.freeze({ algorithm });
  }
  if (algorithm !== "scrypt") {
    throw new ParameterError(
      `${role}.algorithm: expected "hkdf-sha256" or "scrypt", got ${JSON.stringify(kdf.algorithm)}`
    );
  }
  const { n, r, p } = kdf;
  for (const [name, v] of [["n", n], ["r", r], ["p", p]]) {
    if (!Number.isSafeInteger(v)) throw new ParameterError(`${role}.${name}: must be an integer`);
  }
  if (n < 2 || (n & n - 1) !== 0 || n > 2 ** MAX_LOG2_N) {
    throw new ParameterError(`${role}.n: must be a power of two in [2, 2^${MAX_LOG2_N}], got ${n}`);
  }
  if (r < 1 || r > MAX_R) throw new ParameterError(`${role}.r: must be in [1, ${MAX_R}], got ${r}`);
  if (p < 1 || p > MAX_P) throw new ParameterError(`${role}.p: must be in [1, ${MAX_P}], got ${p}`);
  if (128 * n * r > MAX_MEMORY) throw new ParameterError(`${role}: 128·n·r exceeds 2 GiB of memory`);
  return Object.freeze({ algorithm, n, r, p });
}
function credentialSalt(electionId) {
  if (!(electionId instanceof Uint8Array) || electionId.length !== ELECTION_ID_BYTES) {
    throw new ParameterError(`election_id: must be exactly ${ELECTION_ID_BYTES} bytes`);
  }
  return canonicalBytes(CREDENTIAL_KEY, electionId);
}
function keyFromOkm(okm) {
  const x = bytesToBigint(okm) % N;
  if (x === 0n) throw new ParameterError("credential key: derived scalar is zero; issue a new credential");
  return signingKey(bigintToBytes(x, 32));
}
function scryptOptions({ n, r, p }, extra) {
  return { N: n, r, p, dkLen: DERIVED_BYTES, maxmem: 128 * r * (n + p) + 4096, ...extra };
}
function hkdfOkm(credential, electionId) {
  const info = canonicalBytes(CREDENTIAL_KEY, HKDF_SHA256);
  return hkdf(sha256, password(credential), credentialSalt(electionId), info, DERIVED_BYTES);
}
function password(credential) {
  if (credential === null || typeof credential !== "object" || typeof credential.text !== "string") {
    throw new InputError("credential: expected a parsed credential");
  }
  return new TextEncoder().encode(credential.text);
}
async function deriveSigningKey(credential, electionId, kdf, onProgress) {
  const checked = checkKdf(kdf);
  if (checked.algorithm === HKDF_SHA256) {
    const key = keyFromOkm(hkdfOkm(credential, electionId));
    if (onProgress) onProgress(1);
    return key;
  }
  const opts = scryptOptions(checked, onProgress ? { onProgress } : {});
  const okm = await scryptAsync(password(credential), credentialSalt(electionId), opts);
  return keyFromOkm(okm);
}
function deriveSigningKeySync(credential, electionId, kdf) {
  const checked = checkKdf(kdf);
  if (checked.algorithm === HKDF_SHA256) return keyFromOkm(hkdfOkm(credential, electionId));
  const okm = scrypt(password(credential), credentialSalt(electionId), scryptOptions(checked, {}));
  return keyFromOkm(okm);
}

// src/crypto/ballot.js
var TRACKING_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
var TRACKING_CHARS = 52;
var HASH_BYTES = 32;
var MAX_DISTRICT_ID = 64;
var NONCE_BYTES = 32;
var BALLOT_FIELDS = ["credential", "district", "head", "nonce", "questions", "signature"];
var HEAD_FIELDS = ["hash", "index"];
var QUESTION_FIELDS = ["ciphertexts", "proofs", "range"];
var CHALLENGE_FIELDS = ["binding", "district", "questions", "tracking"];
var CHALLENGE_QUESTION_FIELDS = ["choices", "ciphertexts", "proofs", "randomness", "range"];
function checkShape(q, role) {
  for (const name of ["options", "min", "max"]) {
    if (!Number.isSafeInteger(q[name])) throw new ParameterError(`${role}: ${name} must be an integer`);
  }
  if (q.options < 1 || !(0 <= q.min && q.min <= q.max && q.max <= q.options)) {
    throw new ParameterError(
      `${role}: need 0 ≤ min ≤ max ≤ options and options ≥ 1, got options = ${q.options}, min = ${q.min}, max = ${q.max}`
    );
  }
  if (q.max - q.min + 1 > MAX_RANGE_BRANCHES) {
    throw new ParameterError(`${role}: max − min + 1 exceeds ${MAX_RANGE_BRANCHES} range branches`);
  }
}
function ballotParams(jointKey, electionCtx, questions, districts, extra = {}) {
  if (!(electionCtx instanceof Uint8Array) || electionCtx.length !== HASH_BYTES) {
    throw new ParameterError(`ballot parameters: election_ctx must be ${HASH_BYTES} bytes`);
  }
  if (jointKey === null || typeof jointKey !== "object" || typeof jointKey.is0 !== "function" || isIdentity(jointKey)) {
    throw new ParameterError("ballot parameters: the joint key must be a non-identity point");
  }
  if (!Array.isArray(questions) || questions.length === 0) {
    throw new ParameterError("ballot parameters: an election has at least one question");
  }
  if (!Array.isArray(districts) || districts.length === 0) {
    throw new ParameterError("ballot parameters: an election has at least one district");
  }
  const qs = questions.map((q, i) => {
    const shape = Array.isArray(q) ? { options: q[0], min: q[1], max: q[2] } : { ...q };
    checkShape(shape, `question ${i}`);
    return Object.freeze(shape);
  });
  const K = Point.fromAffine(jointKey.toAffine()).precompute(8, false);
  return Object.freeze({
    group: "secp256k1",
    K,
    electionCtx: electionCtx.slice(),
    questions: Object.freeze(qs),
    districts: Object.freeze([...districts]),
    ...extra
  });
}
function requireObject(value2, role) {
  if (value2 === null || typeof value2 !== "object" || Array.isArray(value2)) {
    throw new ParameterError(`${role}: expected an object, got ${typeName(value2)}`);
  }
  return value2;
}
function electionParamsFromManifest(manifest, jointKeyHex, electionCtxHex) {
  requireObject(manifest, "manifest");
  if (manifest.group !== "secp256k1") {
    throw new ParameterError(
      `manifest.group: the web booth supports only secp256k1 elections, this one uses ${JSON.stringify(manifest.group)}; use the CLI voter client`
    );
  }
  const electionId = strictHex(manifest.election_id, "manifest.election_id", ELECTION_ID_BYTES);
  const kdfObj = requireObject(manifest.kdf, "manifest.kdf");
  if (kdfObj.algorithm !== HKDF_SHA256 && kdfObj.algorithm !== "scrypt") {
    throw new ParameterError(
      `manifest.kdf.algorithm: expected "hkdf-sha256" or "scrypt", got ${JSON.stringify(kdfObj.algorithm)}`
    );
  }
  const kdf = checkKdf(
    kdfObj.algorithm === HKDF_SHA256 ? { ...kdfObj } : { algorithm: "scrypt", n: kdfObj.n, r: kdfObj.r, p: kdfObj.p },
    "manifest.kdf"
  );
  if (!Array.isArray(manifest.questions)) throw new ParameterError("manifest.questions: expected an array");
  const questions = manifest.questions.map((q, i) => {
    const role = `manifest.questions[${i}]`;
    requireObject(q, role);
    if (!Array.isArray(q.options)) throw new ParameterError(`${role}.options: expected an array`);
    const optionIds = q.options.map((o, j) => {
      requireObject(o, `${role}.options[${j}]`);
      if (typeof o.id !== "string") throw new ParameterError(`${role}.options[${j}].id: expected a string`);
      return o.id;
    });
    return {
      id: q.id,
      text: q.text,
      options: optionIds.length,
      optionIds,
      labels: q.options.map((o) => o.label),
      min: q.min,
      max: q.max
    };
  });
  if (!Array.isArray(manifest.districts)) throw new ParameterError("manifest.districts: expected an array");
  const districts = manifest.districts.map((d, i) => {
    requireObject(d, `manifest.districts[${i}]`);
    if (typeof d.id !== "string") throw new ParameterError(`manifest.districts[${i}].id: expected a string`);
    return d.id;
  });
  const K = pointFromHex(jointKeyHex, "joint key K");
  const electionCtx = strictHex(electionCtxHex, "election_ctx", HASH_BYTES);
  return ballotParams(K, electionCtx, questions, districts, { electionId, kdf });
}
function ballotBinding(credential, nonce) {
  if (credential.length !== 32 || nonce.length !== NONCE_BYTES) {
    throw new ParameterError("ballot binding: the credential key and the nonce are 32 bytes each");
  }
  return H(BALLOT_BINDING, credential, nonce);
}
function ballotStatement(params, district, binding, ciphertexts) {
  const cts = ciphertexts.map((question) => question.map(ciphertextValue));
  return H(BALLOT_STATEMENT, params.electionCtx, district, binding, cts);
}
function proofsValue(questions) {
  return questions.map((q) => ({ proofs: q.proofs.map(zeroOneValue), range: rangeValue(q.range) }));
}
function trackingHash(statement, proofs) {
  return H(TRACKING_HASH, statement, proofs);
}
function ballotIdentity(statement) {
  return H(BALLOT_IDENTITY, statement);
}
function zeroOneContext(statement, question, option) {
  return { ballot: statement, question, option };
}
function rangeContext(statement, question) {
  return { ballot: statement, question };
}
function formatTracking(digest) {
  if (!(digest instanceof Uint8Array) || digest.length !== HASH_BYTES) {
    throw new ParameterError(`tracking hash: expected ${HASH_BYTES} bytes`);
  }
  const value2 = bytesToBigint(digest) << 4n;
  let text = "";
  for (let i = 0; i < TRACKING_CHARS; i++) {
    text += TRACKING_ALPHABET[Number(value2 >> BigInt(5 * (TRACKING_CHARS - 1 - i)) & 31n)];
  }
  return text.match(/.{4}/g).join("-");
}
var TRACKING_TYPED = new Map([...TRACKING_ALPHABET].map((ch, i) => [ch, i]));
TRACKING_TYPED.set("i", 1);
TRACKING_TYPED.set("l", 1);
TRACKING_TYPED.set("o", 0);
function parseTracking(text) {
  if (typeof text !== "string") throw new InputError("tracking hash: expected text");
  const compact = [...text.trim().toLowerCase()].filter((ch) => ch !== " " && ch !== "-" && ch !== "	").join("");
  if (compact.length === 2 * HASH_BYTES && /^[0-9a-f]*$/.test(compact)) return strictHex(compact, "tracking hash");
  if ([...compact].length !== TRACKING_CHARS) {
    const got = [...compact].length;
    throw new InputError(
      `tracking hash: expected ${TRACKING_CHARS} characters (hyphens aside) or 64 hex digits, got ${got}`,
      { reason: "length", got, expected: TRACKING_CHARS }
    );
  }
  let value2 = 0n;
  let position = 0;
  for (const ch of compact) {
    position += 1;
    const digit = TRACKING_TYPED.get(ch);
    if (digit === void 0) {
      throw new InputError(`tracking hash: character ${position} ('${ch}') is not base32`, {
        reason: "character",
        position,
        character: ch
      });
    }
    value2 = value2 * 32n + BigInt(digit);
  }
  if ((value2 & 15n) !== 0n) {
    throw new InputError("tracking hash: the last character is not one a tracking hash ends with", {
      reason: "ending"
    });
  }
  return bigintToBytes(value2 >> 4n, HASH_BYTES);
}
function checkSelections(params, selections) {
  if (!Array.isArray(selections) || selections.length !== params.questions.length) {
    const got = Array.isArray(selections) ? selections.length : 0;
    throw new InputError(`selections: ${got} questions answered, the election has ${params.questions.length}`);
  }
  return selections.map((bits, i) => {
    const shape = params.questions[i];
    if (!Array.isArray(bits) || bits.length !== shape.options) {
      const got = Array.isArray(bits) ? bits.length : 0;
      throw new InputError(`question ${i}: ${got} option bits, the question has ${shape.options} options`);
    }
    if (bits.some((b) => b !== 0 && b !== 1)) throw new InputError(`question ${i}: every option bit must be 0 or 1`);
    const chosen = bits.reduce((s, b) => s + b, 0);
    if (chosen < shape.min || chosen > shape.max) {
      throw new InputError(`question ${i}: ${chosen} options chosen; choose between ${shape.min} and ${shape.max}`);
    }
    return bits.slice();
  });
}
function encryptChoices(params, choices, rng) {
  const cts = [];
  const rs = [];
  for (const bits of choices) {
    const rowCt = [];
    const rowR = [];
    for (const m of bits) {
      const { ciphertext, r } = encrypt(params.K, BigInt(m), rng);
      rowCt.push(ciphertext);
      rowR.push(r);
    }
    cts.push(rowCt);
    rs.push(rowR);
  }
  return { cts, rs };
}
function proveQuestions(params, statement, choices, cts, rs, rng) {
  const K = params.K;
  return choices.map((bits, i) => {
    const shape = params.questions[i];
    const proofs = bits.map((m, j) => proveZeroOne(K, cts[i][j], m, rs[i][j], zeroOneContext(statement, i, j), rng));
    const total = aggregate(cts[i]);
    const sumM = bits.reduce((s, b) => s + b, 0);
    const sumR = mod2(rs[i].reduce((s, r) => s + r, 0n));
    const range = proveRange(K, total, sumM, sumR, shape.min, shape.max, rangeContext(statement, i), rng);
    return Object.freeze({ ciphertexts: cts[i], proofs, range });
  });
}
function encryptBallot(params, district, credential, selections, rng) {
  if (!params.districts.includes(district)) {
    throw new InputError(`district ${JSON.stringify(district)} is not a district of this election`);
  }
  checkXOnly(credential, "credential key");
  const choices = checkSelections(params, selections);
  const nonce = randomBytes2(rng, NONCE_BYTES);
  const binding = ballotBinding(credential, nonce);
  const { cts, rs } = encryptChoices(params, choices, rng);
  const statement = ballotStatement(params, district, binding, cts);
  const questions = proveQuestions(params, statement, choices, cts, rs, rng);
  const tracking = trackingHash(statement, proofsValue(questions));
  return Object.freeze({
    district,
    credential: credential.slice(),
    nonce,
    binding,
    questions,
    statement,
    tracking,
    identity: ballotIdentity(statement),
    choices,
    randomness: rs,
    toString: () => `OpenedBallot(tracking=${formatTracking(tracking)}, choices=<secret>)`
  });
}
function questionsJson(questions) {
  return questions.map((q) => ({
    ciphertexts: q.ciphertexts.map(encodeCiphertext),
    proofs: q.proofs.map(encodeZeroOne),
    range: encodeRange(q.range)
  }));
}
function namedHead(index, hash) {
  if (!Number.isSafeInteger(index) || index < 0) throw new ParameterError("named head: the index must be an integer ≥ 0");
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTES) {
    throw new ParameterError(`named head: the hash must be ${HASH_BYTES} bytes`);
  }
  return { index, hash };
}
function signedMessage(statement, questions, head) {
  return [statement, proofsValue(questions), head.index, head.hash];
}
function castBallot(opened, key, head, rng) {
  if (!bytesEqual(key.xonly, opened.credential)) {
    throw new ParameterError("castBallot: the key is not the ballot's credential key");
  }
  const named2 = namedHead(head?.index, head?.hash);
  const signature = signTagged(key, BALLOT_SIGNATURE, signedMessage(opened.statement, opened.questions, named2), rng);
  return {
    district: opened.district,
    credential: toHex(opened.credential),
    nonce: toHex(opened.nonce),
    questions: questionsJson(opened.questions),
    head: { index: named2.index, hash: toHex(named2.hash) },
    signature: toHex(signature)
  };
}
function buildBallot(params, district, key, selections, head, rng) {
  return castBallot(encryptBallot(params, district, key.xonly, selections, rng), key, head, rng);
}
function buildChallenge(opened) {
  return {
    district: opened.district,
    binding: toHex(opened.binding),
    questions: openedQuestionsJson(opened),
    tracking: toHex(opened.tracking)
  };
}
function openedQuestionsJson(opened) {
  return questionsJson(opened.questions).map((q, i) => ({
    ...q,
    choices: opened.choices[i].slice(),
    randomness: opened.randomness[i].map(scalarToHex)
  }));
}
function fieldError(path, message) {
  return new EncodingError(`field ${path}: ${message}`);
}
function requireFields(obj, path, names) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw fieldError(path, `expected an object, got ${typeName(obj)}`);
  }
  const keys = Object.keys(obj);
  const missing = names.filter((n) => !Object.hasOwn(obj, n));
  const unknown = keys.filter((k) => !names.includes(k));
  if (missing.length || unknown.length) {
    throw fieldError(path, `missing fields ${JSON.stringify(missing)}, unknown fields ${JSON.stringify(unknown)}`);
  }
  return obj;
}
function exactList(obj, key, path, length, what) {
  const value2 = obj[key];
  if (!Array.isArray(value2)) throw fieldError(`${path}.${key}`, `expected an array, got ${typeName(value2)}`);
  if (value2.length !== length) throw fieldError(`${path}.${key}`, `expected ${length} ${what}, got ${value2.length}`);
  return value2;
}
function asField(f) {
  try {
    return f();
  } catch (exc) {
    if (!(exc instanceof PlebisciteError) || exc instanceof ProofError) throw exc;
    throw new exc.constructor(`field ${exc.message}`);
  }
}
function decodeDistrict(params, body) {
  const district = body.district;
  if (typeof district !== "string") throw fieldError("body.district", `expected a string, got ${typeName(district)}`);
  if ([...district].length > MAX_DISTRICT_ID) throw fieldError("body.district", `longer than ${MAX_DISTRICT_ID} characters`);
  if (!params.districts.includes(district)) throw fieldError("body.district", `unknown district ${JSON.stringify(district)}`);
  return district;
}
function decodeQuestions(params, body, questionFields = QUESTION_FIELDS) {
  const rawQuestions = exactList(body, "questions", "body", params.questions.length, "questions (one per question)");
  return rawQuestions.map((item, i) => {
    const path = `body.questions[${i}]`;
    const shape = params.questions[i];
    requireFields(item, path, questionFields);
    const rawCts = exactList(item, "ciphertexts", path, shape.options, "ciphertexts (one per option)");
    const rawProofs = exactList(item, "proofs", path, shape.options, "0/1 proofs (one per option)");
    return asField(() => {
      const ciphertexts = rawCts.map((x, j) => decodeCiphertext(x, `${path}.ciphertexts[${j}]`, false));
      const proofs = rawProofs.map((x, j) => decodeZeroOne(x, `${path}.proofs[${j}]`));
      const range = decodeRange(item.range, `${path}.range`);
      const branches2 = shape.max - shape.min + 1;
      if (!(range.a.length === branches2 && range.b.length === branches2 && range.v.length === branches2 && range.c.length === branches2 - 1)) {
        throw new EncodingError(
          `${path}.range: for [min, max] = [${shape.min}, ${shape.max}] expected ${branches2} entries in a, b and v and ${branches2 - 1} in c`
        );
      }
      return { ciphertexts, proofs, range };
    });
  });
}
function decodeBody(params, body, fields2, questionFields) {
  requireFields(body, "body", fields2);
  const district = decodeDistrict(params, body);
  let credential = null;
  let binding;
  if (fields2.includes("binding")) {
    binding = asField(() => strictHex(body.binding, "body.binding", HASH_BYTES));
  } else {
    credential = asField(() => checkXOnly(strictHex(body.credential, "body.credential", 32), "body.credential"));
    const nonce = asField(() => strictHex(body.nonce, "body.nonce", NONCE_BYTES));
    binding = ballotBinding(credential, nonce);
  }
  const questions = decodeQuestions(params, body, questionFields);
  const statement = ballotStatement(params, district, binding, questions.map((q) => q.ciphertexts));
  const tracking = trackingHash(statement, proofsValue(questions));
  return { district, credential, binding, questions, statement, tracking, identity: ballotIdentity(statement) };
}
function checkQuestionProofs(params, statement, questions) {
  const { K } = params;
  questions.forEach((q, i) => {
    q.ciphertexts.forEach((ct, j) => {
      try {
        verifyZeroOne(K, ct, q.proofs[j], zeroOneContext(statement, i, j));
      } catch (exc) {
        if (exc instanceof ProofError) throw new ProofError(`field body.questions[${i}].proofs[${j}]: ${exc.message}`);
        throw exc;
      }
    });
    const shape = params.questions[i];
    try {
      verifyRange(K, aggregate(q.ciphertexts), shape.min, shape.max, q.range, rangeContext(statement, i));
    } catch (exc) {
      if (exc instanceof ProofError) throw new ProofError(`field body.questions[${i}].range: ${exc.message}`);
      throw exc;
    }
  });
}
function checkBallot(params, body) {
  const decoded = decodeBody(params, body, BALLOT_FIELDS, QUESTION_FIELDS);
  const head = decodeHead(body.head);
  checkQuestionProofs(params, decoded.statement, decoded.questions);
  const signature = asField(() => strictHex(body.signature, "body.signature", SIGNATURE_BYTES));
  const message = signedMessage(decoded.statement, decoded.questions, head);
  if (!verifyTagged(decoded.credential, signature, BALLOT_SIGNATURE, message)) {
    throw new ProofError(
      "field body.signature: not a valid signature by the credential body.credential over the ballot statement, proofs and named head"
    );
  }
  const { district, credential, binding, statement, tracking, identity } = decoded;
  return { district, credential, binding, statement, tracking, identity, head };
}
function decodeHead(value2) {
  requireFields(value2, "body.head", HEAD_FIELDS);
  const { index } = value2;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw fieldError("body.head.index", `expected an integer ≥ 0, got ${typeName(index)}`);
  }
  return { index, hash: asField(() => strictHex(value2.hash, "body.head.hash", HASH_BYTES)) };
}
function checkChallenge(params, body) {
  const decoded = decodeBody(params, body, CHALLENGE_FIELDS, CHALLENGE_QUESTION_FIELDS);
  const posted = postedTracking(body);
  const { choices, chosen } = checkOpenings(params, decoded.questions, body);
  checkPostedTracking(posted, decoded.tracking);
  checkQuestionProofs(params, decoded.statement, decoded.questions);
  const { district, binding, statement, tracking, identity } = decoded;
  return { district, binding, statement, tracking, identity, choices, chosen };
}
function checkOpenings(params, questions, body) {
  const { K } = params;
  const choices = [];
  const chosen = [];
  questions.forEach((q, i) => {
    const path = `body.questions[${i}]`;
    const shape = params.questions[i];
    const item = body.questions[i];
    const bits = exactList(item, "choices", path, shape.options, "choices (one per option)");
    bits.forEach((b, j) => {
      if (b !== 0 && b !== 1) throw fieldError(`${path}.choices[${j}]`, "expected 0 or 1");
    });
    const rawR = exactList(item, "randomness", path, shape.options, "scalars");
    const rs = asField(() => rawR.map((x, j) => scalarFromHex(x, `${path}.randomness[${j}]`)));
    q.ciphertexts.forEach((ct, j) => {
      const alpha = exp(G, rs[j]);
      const beta = exp(G, BigInt(bits[j])).add(exp(K, rs[j]));
      if (!alpha.equals(ct.alpha) || !beta.equals(ct.beta)) {
        throw new ProofError(
          `field ${path}.ciphertexts[${j}]: does not re-encrypt from ${path}.choices[${j}] and ${path}.randomness[${j}]`
        );
      }
    });
    const count = bits.reduce((s, b) => s + b, 0);
    if (count < shape.min || count > shape.max) {
      throw new ProofError(`field ${path}.choices: ${count} options chosen, outside [${shape.min}, ${shape.max}]`);
    }
    choices.push(bits.slice());
    chosen.push(shape.optionIds ? shape.optionIds.filter((_, j) => bits[j] === 1) : null);
  });
  return { choices, chosen };
}
function postedTracking(body) {
  return asField(() => strictHex(body.tracking, "body.tracking", HASH_BYTES));
}
function checkPostedTracking(posted, tracking) {
  if (!bytesEqual(posted, tracking)) {
    throw new ProofError(`field body.tracking: ${toHex(posted)} but the ballot's tracking hash is ${toHex(tracking)}`);
  }
}

// src/crypto/coercion.js
var MAX_ANONYMITY = 1024;
var DEFAULT_ANONYMITY = 64;
var CREDENTIAL_BALLOT_FIELDS = Object.freeze([
  "district",
  "credential",
  "anonymity",
  "pointer",
  "pointer_proof",
  "questions",
  "credential_proof"
]);
var CREDENTIAL_CHALLENGE_FIELDS = Object.freeze([...CREDENTIAL_BALLOT_FIELDS, "tracking"]);
var POINTER_PROOF_FIELDS = ["a", "b", "c", "v"];
var CREDENTIAL_PROOF_FIELDS = ["a", "b", "vs", "vsigma"];
function scalarOf(value2, role) {
  if (typeof value2 === "bigint") return value2;
  if (typeof value2 === "number" && Number.isSafeInteger(value2)) return BigInt(value2);
  throw new ParameterError(`${role} must be an integer`);
}
function encryptCredential(K, sigma, rng) {
  const sig = mod2(scalarOf(sigma, "encryptCredential: σ"));
  for (; ; ) {
    const s = randomNonzeroScalar(rng);
    const beta = mul(expGSecret(sig), expSecret(K, s));
    if (!isIdentity(beta)) return { credential: { alpha: expGSecret(s), beta }, s };
  }
}
function credentialChallenge(K, D, a, b, context) {
  const statement = { g: encodePoint(G), K: encodePoint(K), alpha: encodePoint(D.alpha), beta: encodePoint(D.beta) };
  return challenge2(CREDENTIAL_CHALLENGE, context, statement, [encodePoint(a), encodePoint(b)]);
}
function proveCredential(K, D, s, sigma, context, rng) {
  const uS = randomNonzeroScalar(rng);
  const uSigma = randomNonzeroScalar(rng);
  const a = expGSecret(uS);
  const b = mul(expGSecret(uSigma), expSecret(K, uS));
  const c = credentialChallenge(K, D, a, b, context);
  return { a, b, vs: mod2(uS + c * mod2(s)), vsigma: mod2(uSigma + c * mod2(scalarOf(sigma, "σ"))) };
}
function verifyCredential(K, D, proof, context) {
  const name = "credential proof";
  checkElement(name, "public key K", K, false);
  checkElement(name, "credential alpha", D.alpha, false);
  checkElement(name, "credential beta", D.beta, false);
  const a = checkElement(name, "a", proof.a, false);
  const b = checkElement(name, "b", proof.b, false);
  const vs = checkScalar(name, "vs", proof.vs);
  const vsigma = checkScalar(name, "vsigma", proof.vsigma);
  const c = credentialChallenge(K, D, a, b, context);
  if (!exp(G, vs).equals(mul(a, exp(D.alpha, c)))) {
    throw new ProofError(`${name}: the equation g^vs = a·α^c does not hold`);
  }
  if (!mul(exp(G, vsigma), exp(K, vs)).equals(mul(b, exp(D.beta, c)))) {
    throw new ProofError(`${name}: the equation g^vσ·K^vs = b·β^c does not hold`);
  }
  return true;
}
function reencrypt(K, ct, rng) {
  const t = randomNonzeroScalar(rng);
  return { ciphertext: { alpha: mul(ct.alpha, expGSecret(t)), beta: mul(ct.beta, expSecret(K, t)) }, t };
}
function setSize(rollSize, anonymity) {
  if (!Number.isSafeInteger(rollSize) || rollSize < 1) throw new ParameterError("a district's roll is empty");
  if (!Number.isSafeInteger(anonymity) || anonymity < 2 || anonymity > MAX_ANONYMITY) {
    throw new ParameterError(`the anonymity-set size must lie in [2, ${MAX_ANONYMITY}]`);
  }
  return Math.min(anonymity, rollSize);
}
function anonymitySet(rollSize, position, anonymity, rng) {
  const size = setSize(rollSize, anonymity);
  if (!Number.isSafeInteger(position) || position < 0 || position >= rollSize) {
    throw new InputError(`roll position ${position} is not on a roll of ${rollSize}`);
  }
  const chosen = /* @__PURE__ */ new Set([position]);
  while (chosen.size < size) chosen.add(Number(randBelow(rng, BigInt(rollSize))));
  return [...chosen].sort((x, y) => x - y);
}
function branches(pointer, entries) {
  return entries.map((r) => [div(pointer.alpha, r.alpha), div(pointer.beta, r.beta)]);
}
function checkEntryCount(entries) {
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ANONYMITY) {
    throw new ParameterError(`an anonymity set holds 1 to ${MAX_ANONYMITY} roll entries`);
  }
}
function pointerChallenge(K, pointer, entries, a, b, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    P: ciphertextValue(pointer),
    entries: entries.map(ciphertextValue)
  };
  const commitments = a.map((x, k) => [encodePoint(x), encodePoint(b[k])]);
  return challenge2(ROLL_POINTER_CHALLENGE, context, statement, commitments);
}
function proveRollPointer(K, pointer, entries, index, t, context, rng) {
  checkEntryCount(entries);
  if (!Number.isSafeInteger(index) || index < 0 || index >= entries.length) {
    throw new ParameterError(`the pointer's entry ${index} is not in the anonymity set`);
  }
  const u = randomNonzeroScalar(rng);
  const simC = entries.map(() => randomScalar(rng));
  const simV = entries.map(() => randomScalar(rng));
  const bits = entries.map((_, k) => eqBit(BigInt(index), BigInt(k)));
  const simSum = mod2(bits.reduce((acc, e, k) => acc + (1n - e) * simC[k], 0n));
  const a = [];
  const b = [];
  branches(pointer, entries).forEach(([xk, yk], k) => {
    const e = bits[k];
    const x = mod2(e * u + (1n - e) * simV[k]);
    const y = mod2(-(1n - e) * simC[k]);
    a.push(mul(expGSecret(x), expSecret(xk, y)));
    b.push(mul(expSecret(K, x), expSecret(yk, y)));
  });
  const c = pointerChallenge(K, pointer, entries, a, b, context);
  const cList = bits.map((e, k) => mod2(e * (c - simSum) + (1n - e) * simC[k]));
  const vList = bits.map((e, k) => mod2(e * (u + cList[k] * mod2(t)) + (1n - e) * simV[k]));
  return { a, b, c: cList, v: vList };
}
function verifyRollPointer(K, pointer, entries, proof, context) {
  const name = "roll-pointer proof";
  checkEntryCount(entries);
  checkElement(name, "public key K", K, false);
  checkElement(name, "pointer alpha", pointer.alpha, false);
  checkElement(name, "pointer beta", pointer.beta, false);
  entries.forEach((r, k) => {
    checkElement(name, `entry ${k} alpha`, r.alpha, false);
    checkElement(name, `entry ${k} beta`, r.beta, false);
  });
  const n = entries.length;
  const { a, b, c, v } = proof;
  if (![a, b, c, v].every((part) => Array.isArray(part) && part.length === n)) {
    throw new ProofError(`${name}: the proof does not have ${n} branches`);
  }
  for (let k = 0; k < n; k++) {
    checkElement(name, `a_${k}`, a[k], false);
    checkElement(name, `b_${k}`, b[k], false);
    checkScalar(name, `c_${k}`, c[k]);
    checkScalar(name, `v_${k}`, v[k]);
  }
  const total = pointerChallenge(K, pointer, entries, a, b, context);
  if (mod2(c.reduce((acc, x) => acc + x, 0n)) !== total) {
    throw new ProofError(`${name}: the branch challenges do not sum to the challenge`);
  }
  branches(pointer, entries).forEach(([xk, yk], k) => {
    if (!exp(G, v[k]).equals(mul(a[k], exp(xk, c[k])))) {
      throw new ProofError(`${name}: the equation g^v = a·X^c of branch ${k} does not hold`);
    }
    if (!exp(K, v[k]).equals(mul(b[k], exp(yk, c[k])))) {
      throw new ProofError(`${name}: the equation K^v = b·Y^c of branch ${k} does not hold`);
    }
  });
  return true;
}
function credentialBallotStatement(params, district, credential, anonymity, pointer, ciphertexts) {
  const options = ciphertexts.map((row) => row.map(ciphertextValue));
  return H(
    CREDENTIAL_BALLOT_STATEMENT,
    params.electionCtx,
    district,
    ciphertextValue(credential),
    anonymity.map((x) => BigInt(x)),
    ciphertextValue(pointer),
    options
  );
}
function decodeRoll(entries, role = "roll") {
  if (!Array.isArray(entries) || entries.length === 0) throw new EncodingError(`${role}: expected a non-empty list`);
  return entries.map((e, j) => decodeCiphertext(e, `${role}[${j}]`, false));
}
function castCredentialBallot(params, roll, district, sigma, position, selections, options = {}) {
  const { anonymity = DEFAULT_ANONYMITY, rng } = options;
  checkDistrict(params, district);
  checkSigma(sigma, "castCredentialBallot");
  checkSelections(params, selections);
  const members = anonymitySet(roll.length, position, anonymity, rng);
  return encryptCredentialBallot(params, roll, district, sigma, position, members, selections, { rng });
}
function checkDistrict(params, district) {
  if (!params.districts.includes(district)) {
    throw new InputError(`district ${JSON.stringify(district)} is not a district of this election`);
  }
}
function checkSigma(sigma, role) {
  const sig = scalarOf(sigma, `${role}: σ`);
  if (sig <= 0n || sig >= N) throw new ParameterError(`${role}: σ must lie in [1, n)`);
  return sig;
}
function encryptCredentialBallot(params, roll, district, sigma, position, members, selections, options = {}) {
  const { rng } = options;
  checkDistrict(params, district);
  const sig = checkSigma(sigma, "encryptCredentialBallot");
  const choices = checkSelections(params, selections);
  if (!Array.isArray(members) || members.some((a, k) => !Number.isSafeInteger(a) || a < 0 || a >= roll.length || k > 0 && members[k - 1] >= a)) {
    throw new ParameterError(`the anonymity set must be increasing positions of a roll of ${roll.length}`);
  }
  checkEntryCount(members);
  if (!members.includes(position)) throw new InputError(`roll position ${position} is not in the anonymity set`);
  const K = params.K;
  const { credential, s } = encryptCredential(K, sig, rng);
  const { ciphertext: pointer, t } = reencrypt(K, roll[position], rng);
  const { cts, rs } = encryptChoices(params, choices, rng);
  const statement = credentialBallotStatement(params, district, credential, members, pointer, cts);
  const entries = members.map((j) => roll[j]);
  const pointerProof = proveRollPointer(K, pointer, entries, members.indexOf(position), t, statement, rng);
  const questions = proveQuestions(params, statement, choices, cts, rs, rng);
  const credentialProof = proveCredential(K, credential, s, sig, statement, rng);
  return Object.freeze({
    ...named({ district, credential, anonymity: [...members], pointer, pointerProof, questions, credentialProof, statement }),
    choices,
    randomness: rs,
    toString: () => "OpenedCredentialBallot(<secret>)"
  });
}
function credentialProofsValue(pointerProof, questions, credentialProof) {
  return {
    pointer: {
      a: pointerProof.a.map(encodePoint),
      b: pointerProof.b.map(encodePoint),
      c: pointerProof.c.map(encodeScalar),
      v: pointerProof.v.map(encodeScalar)
    },
    questions: proofsValue(questions),
    credential: {
      a: encodePoint(credentialProof.a),
      b: encodePoint(credentialProof.b),
      vs: encodeScalar(credentialProof.vs),
      vsigma: encodeScalar(credentialProof.vsigma)
    }
  };
}
function named(parts) {
  const { statement, pointerProof, questions, credentialProof } = parts;
  const tracking = trackingHash(statement, credentialProofsValue(pointerProof, questions, credentialProof));
  return { ...parts, tracking, identity: statement };
}
function credentialBallotBody(opened) {
  const pp = opened.pointerProof;
  const cp = opened.credentialProof;
  return {
    district: opened.district,
    credential: encodeCiphertext(opened.credential),
    anonymity: [...opened.anonymity],
    pointer: encodeCiphertext(opened.pointer),
    pointer_proof: {
      a: pp.a.map(pointToHex),
      b: pp.b.map(pointToHex),
      c: pp.c.map(scalarToHex),
      v: pp.v.map(scalarToHex)
    },
    questions: questionsJson(opened.questions),
    credential_proof: { a: pointToHex(cp.a), b: pointToHex(cp.b), vs: scalarToHex(cp.vs), vsigma: scalarToHex(cp.vsigma) }
  };
}
function hexList(obj, key, path, n, decode) {
  const items = obj[key];
  if (!Array.isArray(items)) throw fieldError(`${path}.${key}`, `expected an array, got ${typeName(items)}`);
  if (items.length !== n) throw fieldError(`${path}.${key}`, `expected ${n} entries, got ${items.length}`);
  return asField(() => items.map((x, i) => decode(x, `${path}.${key}[${i}]`)));
}
function decodeCredentialBallot(params, body, fields2 = CREDENTIAL_BALLOT_FIELDS, questionFields = void 0) {
  requireFields(body, "body", fields2);
  const district = decodeDistrict(params, body);
  const members = body.anonymity;
  if (!Array.isArray(members) || members.length < 1 || members.length > MAX_ANONYMITY || !members.every((a) => Number.isSafeInteger(a) && a >= 0)) {
    throw fieldError("body.anonymity", `expected 1 to ${MAX_ANONYMITY} non-negative integers`);
  }
  const beta = members.length;
  requireFields(body.pointer_proof, "body.pointer_proof", POINTER_PROOF_FIELDS);
  requireFields(body.credential_proof, "body.credential_proof", CREDENTIAL_PROOF_FIELDS);
  const credential = asField(() => decodeCiphertext(body.credential, "body.credential", false));
  const pointer = asField(() => decodeCiphertext(body.pointer, "body.pointer", false));
  const pp = body.pointer_proof;
  const pointerProof = {
    a: hexList(pp, "a", "body.pointer_proof", beta, (x, role) => pointFromHex(x, role)),
    b: hexList(pp, "b", "body.pointer_proof", beta, (x, role) => pointFromHex(x, role)),
    c: hexList(pp, "c", "body.pointer_proof", beta, scalarFromHex),
    v: hexList(pp, "v", "body.pointer_proof", beta, scalarFromHex)
  };
  const cp = body.credential_proof;
  const credentialProof = asField(() => ({
    a: pointFromHex(cp.a, "body.credential_proof.a"),
    b: pointFromHex(cp.b, "body.credential_proof.b"),
    vs: scalarFromHex(cp.vs, "body.credential_proof.vs"),
    vsigma: scalarFromHex(cp.vsigma, "body.credential_proof.vsigma")
  }));
  const questions = decodeQuestions(params, body, questionFields);
  const statement = credentialBallotStatement(
    params,
    district,
    credential,
    members,
    pointer,
    questions.map((q) => q.ciphertexts)
  );
  return named({ district, credential, anonymity: [...members], pointer, pointerProof, questions, credentialProof, statement });
}
function rethrowAt(field, f) {
  try {
    f();
  } catch (exc) {
    if (exc instanceof ProofError) throw new ProofError(`field ${field}: ${exc.message}`);
    throw exc;
  }
}
function checkCredentialBallot(params, roll, body, anonymity = DEFAULT_ANONYMITY) {
  const decoded = decodeCredentialBallot(params, body);
  checkAgainstRoll(params, roll, decoded, anonymity);
  const { district, statement, tracking, identity } = decoded;
  return { district, statement, tracking, identity, anonymity: decoded.anonymity };
}
function checkAgainstRoll(params, roll, decoded, anonymity) {
  const size = setSize(roll.length, anonymity);
  const members = decoded.anonymity;
  if (members.length !== size || members.some((a, k) => a >= roll.length || k > 0 && members[k - 1] >= a)) {
    throw fieldError("body.anonymity", `must be ${size} strictly increasing positions of a roll of ${roll.length}`);
  }
  const K = params.K;
  const { statement } = decoded;
  rethrowAt(
    "body.pointer_proof",
    () => verifyRollPointer(K, decoded.pointer, members.map((a) => roll[a]), decoded.pointerProof, statement)
  );
  rethrowAt("body.credential_proof", () => verifyCredential(K, decoded.credential, decoded.credentialProof, statement));
  checkQuestionProofs(params, statement, decoded.questions);
}
function buildCredentialChallenge(opened) {
  return {
    ...credentialBallotBody(opened),
    questions: openedQuestionsJson(opened),
    tracking: toHex(opened.tracking)
  };
}
function checkCredentialChallenge(params, rollOf, body, anonymity = DEFAULT_ANONYMITY) {
  const decoded = decodeCredentialChallenge(params, body);
  const posted = postedTracking(body);
  const { choices, chosen } = checkOpenings(params, decoded.questions, body);
  checkPostedTracking(posted, decoded.tracking);
  checkAgainstRoll(params, rollOf(decoded.district), decoded, anonymity);
  const { district, statement, tracking, identity } = decoded;
  return { district, statement, tracking, identity, anonymity: decoded.anonymity, choices, chosen };
}
function decodeCredentialChallenge(params, body) {
  return decodeCredentialBallot(params, body, CREDENTIAL_CHALLENGE_FIELDS, CHALLENGE_QUESTION_FIELDS);
}

// src/crypto/sheets.js
var SHARE_CHARS = 54;
var BODY_CHARS = 52;
var NAME = "designated-verifier proof";
var PAD_BITS = 4n;
function encodeShare(sigma) {
  if (typeof sigma !== "bigint" || sigma < 0n || sigma >= 1n << 256n) {
    throw new ParameterError("a share is a 256-bit value");
  }
  return withCheck(sigma << PAD_BITS, BODY_CHARS);
}
function parseShare(text) {
  const chars = normaliseChecked(text, SHARE_CHARS, "sheet share");
  const value2 = crockfordValue(chars.slice(0, BODY_CHARS));
  const sigma = value2 >> PAD_BITS;
  if ((value2 & (1n << PAD_BITS) - 1n) !== 0n || sigma < 1n || sigma >= N) {
    throw new InputError("sheet share: not a share of this election's group");
  }
  return sigma;
}
function groupedShare(text) {
  return normaliseChecked(text, SHARE_CHARS, "sheet share").match(/.{1,6}/g).join("-");
}
function registrationContext(ceremonyCtx, district, registrar, position) {
  return { election: ceremonyCtx, district, registrar: BigInt(registrar), position: BigInt(position) };
}
function designatedChallenge(K, V, R, S, a, b, h, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    V: encodePoint(V),
    alpha: encodePoint(R.alpha),
    beta: encodePoint(R.beta),
    S: encodePoint(S)
  };
  return challenge2(DESIGNATED_CHALLENGE, context, statement, [encodePoint(a), encodePoint(b), encodePoint(h)]);
}
function verifyDesignated(K, V, R, S, proof, context) {
  for (const [role, value2] of [
    ["public key K", K],
    ["designated key V", V],
    ["roll alpha", R.alpha],
    ["roll beta", R.beta],
    ["S", S],
    ["a", proof.a],
    ["b", proof.b],
    ["h", proof.h]
  ]) {
    checkElement(NAME, role, value2, false);
  }
  for (const role of ["c1", "v1", "v2"]) checkScalar(NAME, role, proof[role]);
  const c = designatedChallenge(K, V, R, S, proof.a, proof.b, proof.h, context);
  const c2 = mod2(c - proof.c1);
  if (!exp(G, proof.v1).equals(mul(proof.a, exp(R.alpha, proof.c1)))) {
    throw new ProofError("designated-verifier proof: the equation g^v1 = a·α^c1 does not hold");
  }
  if (!exp(K, proof.v1).equals(mul(proof.b, exp(div(R.beta, S), proof.c1)))) {
    throw new ProofError("designated-verifier proof: the equation K^v1 = b·(β/S)^c1 does not hold");
  }
  if (!exp(G, proof.v2).equals(mul(proof.h, exp(V, c2)))) {
    throw new ProofError("designated-verifier proof: the equation g^v2 = h·V^c2 does not hold");
  }
  return true;
}
function simulateDesignated(K, v, R, S, context, rng) {
  const V = expGSecret(v);
  const c1 = randomScalar(rng);
  const v1 = randomScalar(rng);
  const a = mul(exp(G, v1), exp(R.alpha, mod2(-c1)));
  const b = mul(exp(K, v1), exp(div(R.beta, S), mod2(-c1)));
  const u = randomNonzeroScalar(rng);
  const h = expGSecret(u);
  const c = designatedChallenge(K, V, R, S, a, b, h, context);
  return { a, b, h, c1, v1, v2: mod2(u + (c - c1) * mod2(v)) };
}
function checkSheet(K, V, ceremonyCtx, sheet, entry) {
  const S = exp(G, parseShare(sheet.share));
  const context = registrationContext(ceremonyCtx, sheet.district, sheet.registrar, sheet.position);
  return verifyDesignated(K, V, entry, S, sheet.proof, context);
}
function fakeSheet(K, v, ceremonyCtx, sheet, entry, rng) {
  const sigma = randomNonzeroScalar(rng);
  const context = registrationContext(ceremonyCtx, sheet.district, sheet.registrar, sheet.position);
  const proof = simulateDesignated(K, v, entry, exp(G, sigma), context, rng);
  return {
    district: sheet.district,
    position: sheet.position,
    registrar: sheet.registrar,
    share: encodeShare(sigma),
    proof
  };
}
function credentialOf(sheets) {
  if (!Array.isArray(sheets) || sheets.length === 0) throw new InputError("a credential needs at least one sheet");
  return mod2(sheets.reduce((acc, s) => acc + parseShare(s.share), 0n));
}
var SHEET_FORMAT = "plebiscite-sheet-v1";
var DESIGNATED_FORMAT = "plebiscite-designated-v1";
var SHEET_FILE_FIELDS = ["format", "election_id", "district", "position", "registrar", "share", "designated", "proof"];
var PROOF_FIELDS = ["a", "b", "h", "c1", "v1", "v2"];
var MAX_DISTRICT_ID2 = 64;
function exactFields(obj, role, names) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new EncodingError(`${role}: expected a JSON object`);
  }
  const missing = names.filter((n) => !Object.hasOwn(obj, n));
  const unknown = Object.keys(obj).filter((k) => !names.includes(k));
  if (missing.length || unknown.length) {
    throw new EncodingError(`${role}: missing fields ${JSON.stringify(missing)}, unknown fields ${JSON.stringify(unknown)}`);
  }
  return obj;
}
function integer(value2, low, role) {
  if (!Number.isSafeInteger(value2) || value2 < low) throw new EncodingError(`${role}: expected an integer of at least ${low}`);
  return value2;
}
function decodeSheetFile(obj) {
  exactFields(obj, "sheet file", SHEET_FILE_FIELDS);
  if (obj.format !== SHEET_FORMAT) throw new EncodingError(`sheet file: field format: expected ${SHEET_FORMAT}`);
  if (typeof obj.district !== "string" || obj.district.length === 0 || [...obj.district].length > MAX_DISTRICT_ID2) {
    throw new EncodingError("sheet file: field district: expected a district id");
  }
  const position = integer(obj.position, 0, "sheet file: field position");
  const registrar = integer(obj.registrar, 1, "sheet file: field registrar");
  if (typeof obj.share !== "string") throw new EncodingError("sheet file: field share: expected the share's characters");
  parseShare(obj.share);
  const p = exactFields(obj.proof, "sheet file: field proof", PROOF_FIELDS);
  return {
    electionId: strictHex(obj.election_id, "sheet file: field election_id", 16),
    designated: pointFromHex(obj.designated, "sheet file: field designated"),
    sheet: {
      district: obj.district,
      position,
      registrar,
      share: obj.share,
      proof: {
        a: pointFromHex(p.a, "sheet file: field proof.a"),
        b: pointFromHex(p.b, "sheet file: field proof.b"),
        h: pointFromHex(p.h, "sheet file: field proof.h"),
        c1: scalarFromHex(p.c1, "sheet file: field proof.c1"),
        v1: scalarFromHex(p.v1, "sheet file: field proof.v1"),
        v2: scalarFromHex(p.v2, "sheet file: field proof.v2")
      }
    }
  };
}
function sheetFileJson({ electionId, designated, sheet }) {
  const p = sheet.proof;
  return {
    format: SHEET_FORMAT,
    election_id: toHex(electionId),
    district: sheet.district,
    position: sheet.position,
    registrar: sheet.registrar,
    share: sheet.share,
    designated: pointToHex(designated),
    proof: {
      a: pointToHex(p.a),
      b: pointToHex(p.b),
      h: pointToHex(p.h),
      c1: scalarToHex(p.c1),
      v1: scalarToHex(p.v1),
      v2: scalarToHex(p.v2)
    }
  };
}
function decodeDesignatedKey(obj, designated) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj) || obj.format !== DESIGNATED_FORMAT) {
    throw new EncodingError(`key file: not a designated-verifier key file (${DESIGNATED_FORMAT})`);
  }
  if (obj.group !== "secp256k1") throw new EncodingError("key file: field group: this booth serves secp256k1 elections only");
  const v = scalarFromHex(obj.secret, "key file: field secret");
  if (v === 0n || designated !== void 0 && !expGSecret(v).equals(designated)) {
    throw new EncodingError("key file: the designated-verifier secret is not the one this sheet was made for");
  }
  return v;
}
export {
  CREDENTIAL_ALPHABET,
  CREDENTIAL_BALLOT_FIELDS,
  CREDENTIAL_CHALLENGE_FIELDS,
  DEFAULT_ANONYMITY,
  DESIGNATED_FORMAT,
  EncodingError,
  G,
  GroupElementError,
  H,
  HKDF_SHA256,
  IDENTITY,
  InputError,
  MAX_ANONYMITY,
  MAX_RANGE_BRANCHES,
  N,
  P,
  ParameterError,
  PlebisciteError,
  ProofError,
  SHARE_CHARS,
  SHEET_FORMAT,
  SIGNATURE_BYTES,
  TRACKING_ALPHABET,
  aggregate,
  anonymitySet,
  ballotBinding,
  ballotIdentity,
  ballotParams,
  ballotStatement,
  buildBallot,
  buildChallenge,
  buildCredentialChallenge,
  bytesEqual,
  canonicalBytes,
  castBallot,
  castCredentialBallot,
  checkBallot,
  checkChallenge,
  checkCredentialBallot,
  checkCredentialChallenge,
  checkKdf,
  checkSheet,
  checkXOnly,
  commitmentHash,
  credentialBallotBody,
  credentialBallotStatement,
  credentialOf,
  credentialSalt,
  crockfordValue,
  decodeCiphertext,
  decodeCredentialBallot,
  decodeCredentialChallenge,
  decodeDesignatedKey,
  decodePoint,
  decodeRange,
  decodeRoll,
  decodeScalar,
  decodeSheetFile,
  decodeZeroOne,
  deriveSigningKey,
  deriveSigningKeySync,
  electionParamsFromManifest,
  encodeCiphertext,
  encodePoint,
  encodeRange,
  encodeScalar,
  encodeShare,
  encodeZeroOne,
  encrypt,
  encryptBallot,
  encryptCredential,
  encryptCredentialBallot,
  expandMessageXmd,
  fakeSheet,
  fingerprint,
  formatTracking,
  description as groupDescription,
  groupHash,
  groupedCredential,
  groupedShare,
  hashToField,
  hashToScalar,
  jointKeyOf,
  namedHead,
  normaliseChecked,
  parseCredential,
  parseShare,
  parseTracking,
  pointFromHex,
  pointToHex,
  pointsEqual,
  proofsValue,
  proveCredential,
  proveRange,
  proveRollPointer,
  proveZeroOne,
  randBelow,
  rangeContext,
  reencrypt,
  registrationContext,
  scalarFromHex,
  scalarToHex,
  sha256,
  sheetFileJson,
  signRaw,
  signTagged,
  signingKey,
  simulateDesignated,
  strictHex,
  systemRandom,
  tags_exports as tags,
  toHex,
  trackingHash,
  utf8,
  verificationKeyOf,
  verifyCredential,
  verifyDesignated,
  verifyRange,
  verifyRaw,
  verifyRollPointer,
  verifyTagged,
  verifyZeroOne,
  withCheck,
  xonlyFromHex,
  zeroOneContext
};
