// Shared by the vector tests: the committed bundle, the vectors, the test-only randomness source
// and the typed notation of docs/spec.md §2.3. Test code only.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const BUNDLE = join(ROOT, 'src', 'plebiscite', 'server', 'static', 'booth', 'booth-crypto.js');

/** The committed bundle's exports. */
export const booth = await import(BUNDLE);

/** A JSON vector file of tests/vectors/<dir>/<name>. */
export function vectors(dir, name) {
  return JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', dir, name), 'utf8'));
}

export function readVectorText(name) {
  return readFileSync(join(ROOT, 'tests', 'vectors', name), 'utf8');
}

export function hex(text) {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

const sha = (data) => new Uint8Array(createHash('sha256').update(data).digest());

/**
 * plebiscite.crypto.rand.DeterministicRandom (SHA-256 in counter mode over a seed) with chosen
 * randomBytes calls replaced by fixed bytes, as ScriptedRandom of scripts/js_vectors.py.
 */
export function scriptedRandom(seed, overrides = {}) {
  const key = sha(Buffer.concat([Buffer.from('plebiscite/test-rng/'), Buffer.from(seed, 'utf8')]));
  let counter = 0n;
  let calls = 0;
  return {
    randomBytes(n) {
      const call = calls++;
      if (Object.hasOwn(overrides, String(call))) {
        const data = hex(overrides[String(call)]);
        if (data.length !== n) throw new Error(`override of call ${call}: ${data.length} bytes, ${n} drawn`);
        return data;
      }
      const out = [];
      let have = 0;
      while (have < n) {
        const ctr = Buffer.alloc(8);
        ctr.writeBigUInt64BE(counter);
        counter += 1n;
        const block = sha(Buffer.concat([key, ctr]));
        out.push(block);
        have += block.length;
      }
      return Uint8Array.from(Buffer.concat(out).subarray(0, n));
    },
  };
}

/** A value of the typed notation: ["N"], ["I", "7"], ["B", "ab"], ["D", [[k, v]]], ... */
export function fromTyped(t) {
  switch (t[0]) {
    case 'N':
      return null;
    case 'T':
      return true;
    case 'F':
      return false;
    case 'I':
      return BigInt(t[1]);
    case 'B':
      return hex(t[1]);
    case 'S':
      return t[1];
    case 'L':
      return t[1].map(fromTyped);
    case 'D':
      return new Map(t[1].map(([k, v]) => [k, fromTyped(v)]));
    default:
      throw new Error(`unknown typed value ${JSON.stringify(t)}`);
  }
}

/** Ballot parameters of a ballots.json parameter set. */
export function paramsOf(p) {
  return booth.ballotParams(
    booth.pointFromHex(p.joint_key, 'joint key'),
    hex(p.election_ctx),
    p.questions,
    p.districts,
  );
}
