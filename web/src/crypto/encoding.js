/**
 * The canonical, typed, length-prefixed byte encoding every hash consumes (docs/spec.md §2),
 * byte for byte that of plebiscite.crypto.encoding.
 *
 * JavaScript values map onto it as follows:
 *
 *   null                       0x4E  N  nothing
 *   false / true               0x46  F / 0x54 T
 *   bigint ≥ 0, or a safe      0x49  I  u32(len) ‖ minimal big-endian magnitude (0: empty)
 *     integer Number ≥ 0
 *   Uint8Array                 0x42  B  u32(len) ‖ bytes
 *   string                     0x53  S  u32(len) ‖ UTF-8 (lone surrogates refused)
 *   Array                      0x4C  L  u32(count) ‖ items
 *   plain object or Map        0x44  D  u32(count) ‖ (key as text, value) sorted by key bytes
 *
 * Anything else (negative or fractional numbers, other objects) is refused with EncodingError.
 * Also here: strict lowercase hex, UTF-8, and small byte helpers.
 */

import { EncodingError } from './errors.js';

const MAX_U32 = 0xffffffff;
const utf8Encoder = new TextEncoder();

/** Four-byte big-endian unsigned integer. */
export function u32(n) {
  if (!Number.isInteger(n) || n < 0 || n > MAX_U32) {
    throw new EncodingError(`length or count ${n} does not fit in 32 bits`);
  }
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** Whether `text` is well-formed UTF-16 (no lone surrogate). */
function isWellFormed(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** The UTF-8 bytes of `text`; refuses lone surrogates (which TextEncoder would replace). */
export function utf8(text) {
  if (typeof text !== 'string') throw new EncodingError('expected text');
  if (!isWellFormed(text)) {
    throw new EncodingError('string is not valid Unicode text: it holds a lone surrogate');
  }
  return utf8Encoder.encode(text);
}

/** Concatenate byte arrays. */
export function concatBytes(...parts) {
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

/** Whether two byte arrays are equal (not constant-time: for public values). */
export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex of `bytes`. */
export function toHex(bytes) {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
  return out;
}

/**
 * Decode lowercase hex of whole bytes; refuse upper case, odd length, prefixes, whitespace and,
 * when `length` is given, any other number of bytes. `role` names the value in the error.
 */
export function strictHex(text, role, length) {
  if (typeof text !== 'string') {
    throw new EncodingError(`${role}: expected a lowercase hex string, got ${typeName(text)}`);
  }
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) {
    throw new EncodingError(`${role}: not lowercase hex of whole bytes`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  if (length !== undefined && out.length !== length) {
    throw new EncodingError(`${role}: expected ${length} bytes, got ${out.length}`);
  }
  return out;
}

/** Big-endian bytes of a non-negative bigint: exactly `length` bytes, or minimal when omitted. */
export function bigintToBytes(n, length) {
  if (typeof n !== 'bigint' || n < 0n) throw new EncodingError('expected a non-negative bigint');
  let hex = n === 0n ? '' : n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (length !== undefined) {
    if (hex.length > 2 * length) throw new EncodingError(`${n} does not fit in ${length} bytes`);
    hex = hex.padStart(2 * length, '0');
  }
  return strictHex(hex, 'integer');
}

/** The non-negative integer of big-endian `bytes`. */
export function bytesToBigint(bytes) {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

export function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return value.constructor ? value.constructor.name : 'object';
  return typeof value;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function lengthPrefixed(tag, raw, out) {
  out.push(Uint8Array.of(tag), u32(raw.length), raw);
}

function encodeInto(value, out) {
  if (value === null) {
    out.push(Uint8Array.of(0x4e));
  } else if (value === true) {
    out.push(Uint8Array.of(0x54));
  } else if (value === false) {
    out.push(Uint8Array.of(0x46));
  } else if (typeof value === 'bigint' || typeof value === 'number') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new EncodingError(`number ${value} is not a safe integer: use a bigint`);
    }
    const n = BigInt(value);
    if (n < 0n) throw new EncodingError(`negative integer ${n} has no canonical encoding`);
    lengthPrefixed(0x49, bigintToBytes(n), out);
  } else if (value instanceof Uint8Array) {
    lengthPrefixed(0x42, value, out);
  } else if (typeof value === 'string') {
    lengthPrefixed(0x53, utf8(value), out);
  } else if (Array.isArray(value)) {
    out.push(Uint8Array.of(0x4c), u32(value.length));
    for (const item of value) encodeInto(item, out);
  } else if (value instanceof Map || isPlainObject(value)) {
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const items = entries.map(([key, item]) => {
      if (typeof key !== 'string') throw new EncodingError(`map key ${String(key)} is not a string`);
      return [utf8(key), item];
    });
    items.sort((a, b) => compareBytes(a[0], b[0]));
    out.push(Uint8Array.of(0x44), u32(items.length));
    for (const [rawKey, item] of items) {
      lengthPrefixed(0x53, rawKey, out);
      encodeInto(item, out);
    }
  } else {
    throw new EncodingError(`type ${typeName(value)} has no canonical encoding`);
  }
}

/** The canonical encoding of `values`, concatenated (each value is self-delimiting). */
export function canonicalBytes(...values) {
  const out = [];
  for (const value of values) encodeInto(value, out);
  return concatBytes(...out);
}
