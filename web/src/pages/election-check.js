/**
 * What the web booth recomputes before it encrypts, as the Python voter client does
 * (plebiscite.booth.election.read_election): a booth hosted by an observer and pointed at a board
 * it does not trust never encrypts under a key or a context the board chose.
 *
 *   - the manifest (entry 0), the `election_key` and the `open` entries are signed by the
 *     authority key the manifest names; every `credential_roll` chunk and the
 *     `credential_roll_final` entry by its credential authority key
 *     (plebiscite.model.signed: BIP-340 over H(ENTRY_SIGNATURE, election_id, kind, body without
 *     "signature"));
 *   - each district's Merkle root recomputes from its chunks (in posted order, positions from 0
 *     without gaps) and equals the root and count of `credential_roll_final`
 *     (plebiscite.model.roll); in the mode fake-credentials (spec §16.3) the chunks are the
 *     registrars' `registrar_roll` entries, each signed by the key the manifest lists for its
 *     registrar, the roll of a district is the product of the registrars' ciphertexts at each
 *     position (every registrar posting as many), and its leaves hash the combined ciphertexts
 *     (plebiscite.model.coercion.roll);
 *   - ceremony_ctx = H(CEREMONY_CONTEXT, election_id, manifest body, group description, n, k)
 *     equals the `election_key` entry's;
 *   - the election key is the trustees' (docs/spec.md §9, V3): every trustee of QUAL (at least k)
 *     posted a `trustee_commit` signed by the identity key whose fingerprint the manifest lists
 *     (the first, before the first valid reveal closed the round) and a `trustee_reveal` signed
 *     by the same key whose commitments hash to the committed value, both before `election_key`;
 *     K and every verification key recompute from those commitments over QUAL, so a key the
 *     authority chose is refused although it signed it; and
 *     election_ctx = H(ELECTION_CONTEXT, ceremony_ctx, K, [VK_i by index], QUAL,
 *                      {district: root}, board key, authority key, CA key)
 *     equals the `open` entry's (plebiscite.model.contexts).
 *
 * JSON integers: the bodies are hashed as JSON.parse gives them. Every integer of the manifest
 * and of these entries is below 2^53 (the largest are the window's bounds in UTC microseconds,
 * about 1.8e15), so JSON.parse reads them exactly and the canonical encoding refuses any number
 * that is not a safe integer rather than hash a rounded one.
 */

import * as c from './booth-crypto.js';
import { getJSON, scanEntries } from './common.js';

const PREFIX = 'plebiscite/v1/';
/** plebiscite.crypto.tags.ENTRY_SIGNATURE */
export const ENTRY_SIGNATURE = PREFIX + 'sign/entry';
/** plebiscite.crypto.tags.CEREMONY_CONTEXT */
export const CEREMONY_CONTEXT = PREFIX + 'hash/ceremony-context';
/** plebiscite.crypto.tags.ELECTION_CONTEXT */
export const ELECTION_CONTEXT = PREFIX + 'hash/election-context';
/** plebiscite.crypto.tags.ROLL_LEAF */
export const ROLL_LEAF = PREFIX + 'hash/roll-leaf';
/** plebiscite.crypto.tags.ROLL_NODE */
export const ROLL_NODE = PREFIX + 'hash/roll-node';

/** The election on the board failed a check: `where` names the entry, `detail` what was wrong. */
export class ElectionCheckError extends Error {
  constructor(where, detail) {
    super(`${where}: ${detail}`);
    this.where = where;
    this.detail = detail;
  }
}

function unsigned(body) {
  const out = {};
  for (const [name, value] of Object.entries(body)) if (name !== 'signature') out[name] = value;
  return out;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Raise ElectionCheckError unless `entry`'s body is signed by `key` (x-only bytes) for its kind. */
function requireSigned(entry, key, electionId, role) {
  const where = `entry ${entry.index} (${entry.kind})`;
  if (!isObject(entry.body)) throw new ElectionCheckError(where, 'the body is not an object');
  let signature;
  try {
    signature = c.strictHex(entry.body.signature, 'body.signature', c.SIGNATURE_BYTES);
  } catch (exc) {
    throw new ElectionCheckError(where, exc.message);
  }
  const values = [electionId, entry.kind, unsigned(entry.body)];
  if (!c.verifyTagged(key, signature, ENTRY_SIGNATURE, values)) {
    throw new ElectionCheckError(where, `body.signature: not a valid signature by the ${role}`);
  }
}

/** Whether `entry`'s body is signed by `key` (x-only bytes) for its kind. */
function signedBy(entry, key, electionId) {
  try {
    const signature = c.strictHex(entry.body.signature, 'body.signature', c.SIGNATURE_BYTES);
    return c.verifyTagged(key, signature, ENTRY_SIGNATURE, [electionId, entry.kind, unsigned(entry.body)]);
  } catch {
    return false;
  }
}

/**
 * The commitments each trustee revealed before entry `until` (the `election_key`), as the
 * ceremony counts them (plebiscite.rules.ceremony): trustee i's first commit signed by a key with
 * the manifest's fingerprint for i, made before the first validly signed reveal closed the commit
 * round, then its first reveal signed by that key. Returns Map i → {commitment, points}; entries
 * that do not qualify are left out (the Python verifier reports them as findings).
 */
function trusteeCommitments(entries, until, members, electionId) {
  const commits = new Map();
  const revealed = new Map();
  let roundClosed = false;
  for (const entry of entries) {
    if (entry.index >= until || !isObject(entry.body)) continue;
    const i = entry.body.trustee;
    if (!isIndex(i) || i < 1 || i > members.length) continue;
    if (entry.kind === 'trustee_commit' && !roundClosed && !commits.has(i)) {
      let key, commitment;
      try {
        key = c.xonlyFromHex(entry.body.key, 'body.key');
        commitment = c.strictHex(entry.body.commitment, 'body.commitment', 32);
      } catch {
        continue;
      }
      if (c.fingerprint(key) !== members[i - 1].fingerprint || !signedBy(entry, key, electionId)) continue;
      commits.set(i, { key, commitment });
    } else if (entry.kind === 'trustee_reveal' && commits.has(i) && !revealed.has(i)) {
      if (!signedBy(entry, commits.get(i).key, electionId)) continue;
      roundClosed = true;
      let points;
      try {
        points = field(entry.body.commitments, Array.isArray, '', '').map((hex) =>
          c.decodePoint(c.strictHex(hex, 'body.commitments[]'), 'commitment'),
        );
      } catch {
        continue;
      }
      revealed.set(i, { commitment: commits.get(i).commitment, points, index: entry.index });
    }
  }
  return revealed;
}

/** A district's Merkle root built key by key (plebiscite.model.roll.MerkleAccumulator). */
class MerkleAccumulator {
  constructor(district) {
    this.district = district;
    this.count = 0;
    this.frontier = [];
  }

  /** `value`: a voter's x-only key (32 bytes), or her roll entry [α, β] (encoded) in the mode
   * fake-credentials. */
  add(value) {
    let node = c.H(ROLL_LEAF, this.district, value);
    this.count += 1;
    let level = 0;
    while (level < this.frontier.length && this.frontier[level] !== null) {
      node = c.H(ROLL_NODE, this.frontier[level], node);
      this.frontier[level] = null;
      level += 1;
    }
    if (level === this.frontier.length) this.frontier.push(node);
    else this.frontier[level] = node;
  }

  root() {
    let carry = null;
    for (const node of this.frontier) {
      if (node !== null) carry = carry === null ? node : c.H(ROLL_NODE, node, carry);
    }
    return carry;
  }
}

function field(value, check, where, path) {
  if (!check(value)) throw new ElectionCheckError(where, `field ${path} is missing or malformed`);
  return value;
}

const isIndex = (v) => Number.isSafeInteger(v) && v >= 0;

/** The registrars' keys of a manifest in the mode fake-credentials (registrar j is [j − 1]). */
function registrarKeys(manifest) {
  const listed = field(manifest.registrars, (v) => Array.isArray(v) && v.length >= 1, 'entry 0', 'body.registrars');
  return listed.map((r, j) => {
    try {
      return c.xonlyFromHex(r && r.key, `body.registrars[${j}].key`);
    } catch (exc) {
      throw new ElectionCheckError('entry 0', exc.message);
    }
  });
}

/** One `registrar_roll` chunk: signed by its registrar, the next of its registrar's chunks of the
 * district; its ciphertexts kept (no identity) for the district's roll. */
function addRegistrarChunk(entry, where, registrars, districts, electionId) {
  const body = field(entry.body, isObject, where, 'body');
  const j = field(body.registrar, (v) => isIndex(v) && v >= 1 && v <= registrars.length, where, 'body.registrar');
  requireSigned(entry, registrars[j - 1], electionId, `registrar ${j}`);
  const district = districts.get(body.district);
  if (district === undefined) throw new ElectionCheckError(where, 'body.district: not a district of the manifest');
  const posted = district.registrars.get(j) ?? { next: 0, entries: [] };
  if (body.position !== posted.next) throw new ElectionCheckError(where, `body.position: expected ${posted.next}`);
  posted.next += 1;
  for (const [k, item] of field(body.entries, Array.isArray, where, 'body.entries').entries()) {
    try {
      posted.entries.push(c.decodeCiphertext(item && item.ciphertext, `body.entries[${k}].ciphertext`, false));
    } catch (exc) {
      throw new ElectionCheckError(where, exc.message);
    }
  }
  district.registrars.set(j, posted);
}

/** Each district's roll: at each position the product of every registrar's ciphertext there
 * (each registrar posts as many), added to the district's Merkle accumulator. */
function combineRolls(districts, nRegistrars, where) {
  const rolls = new Map();
  for (const [id, district] of districts) {
    const lists = [];
    for (let j = 1; j <= nRegistrars; j++) lists.push(district.registrars.get(j)?.entries ?? []);
    if (lists.some((l) => l.length !== lists[0].length)) {
      throw new ElectionCheckError(where, `district ${id}: the registrars posted rolls of different lengths`);
    }
    const roll = lists[0].map((_, p) => c.aggregate(lists.map((l) => l[p])));
    for (const entry of roll) district.acc.add([c.encodePoint(entry.alpha), c.encodePoint(entry.beta)]);
    rolls.set(id, roll);
  }
  return rolls;
}

/** The board's entries up to `open` (all of them before it), entry 0 checked against /manifest
 * and signed by the authority it names: {entries, manifest, electionId, boardKey, authorityKey,
 * caKey, trustees, n, k, ceremonyCtx}. */
async function readBoard() {
  const manifestEntry = await getJSON('/manifest');
  const manifest = field(manifestEntry && manifestEntry.body, isObject, 'entry 0', 'body');
  const entries = [];
  await scanEntries(0, (entry) => {
    entries.push(entry);
    return entry.kind === 'open';
  });
  const first = entries[0];
  if (!first || first.kind !== 'manifest' || first.index !== 0) {
    throw new ElectionCheckError('entry 0', 'the board holds no manifest');
  }
  if (c.canonicalBytes(first.body).join() !== c.canonicalBytes(manifest).join()) {
    throw new ElectionCheckError('entry 0', 'the /manifest answer is not the body of entry 0');
  }
  const keys = field(manifest.keys, isObject, 'entry 0', 'body.keys');
  let electionId, boardKey, authorityKey, caKey;
  try {
    electionId = c.strictHex(manifest.election_id, 'body.election_id', 16);
    boardKey = c.xonlyFromHex(keys.board, 'body.keys.board');
    authorityKey = c.xonlyFromHex(keys.authority, 'body.keys.authority');
    caKey = c.xonlyFromHex(keys.credential_authority, 'body.keys.credential_authority');
  } catch (exc) {
    throw new ElectionCheckError('entry 0', exc.message);
  }
  requireSigned(first, authorityKey, electionId, 'authority');
  const trustees = field(manifest.trustees, isObject, 'entry 0', 'body.trustees');
  const n = field(trustees.n, isIndex, 'entry 0', 'body.trustees.n');
  const k = field(trustees.k, (v) => isIndex(v) && v >= 1 && v <= n, 'entry 0', 'body.trustees.k');
  const ceremonyCtx = c.H(CEREMONY_CONTEXT, electionId, manifest, c.groupDescription(), n, k);
  return { entries, manifest, electionId, boardKey, authorityKey, caKey, trustees, n, k, ceremonyCtx };
}

/**
 * What a voter's sheet j of the mode fake-credentials is checked against (spec §16.3), read from
 * the board: the election key K of the authority's signed `election_key` (whose ceremony context
 * recomputes), that ceremony context, and registrar j's posted R_j at the sheet's position of
 * its district (its chunks signed by the key the manifest lists for it, in order). `sheetFile`:
 * booth-crypto.js decodeSheetFile's result. Returns {K, ceremonyCtx, entry}; ElectionCheckError.
 */
export async function loadRegistration(sheetFile) {
  const { entries, manifest, electionId, authorityKey, ceremonyCtx } = await readBoard();
  const { district, registrar, position } = sheetFile.sheet;
  if (!c.bytesEqual(electionId, sheetFile.electionId)) {
    throw new ElectionCheckError('entry 0', "body.election_id: not the sheet's election");
  }
  const registrars = registrarKeys(manifest);
  const districts = new Map([[district, { registrars: new Map() }]]);
  let K = null;
  for (const entry of entries.slice(1)) {
    const where = `entry ${entry.index} (${entry.kind})`;
    if (entry.kind === 'election_key' && K === null) {
      requireSigned(entry, authorityKey, electionId, 'authority');
      try {
        if (!c.bytesEqual(c.strictHex(entry.body.ceremony_context, 'body.ceremony_context', 32), ceremonyCtx)) {
          throw new ElectionCheckError(where, "body.ceremony_context: not this election's");
        }
        K = c.pointFromHex(entry.body.joint_key, 'body.joint_key');
      } catch (exc) {
        if (exc instanceof ElectionCheckError) throw exc;
        throw new ElectionCheckError(where, exc.message);
      }
    } else if (
      entry.kind === 'registrar_roll' &&
      isObject(entry.body) &&
      entry.body.registrar === registrar &&
      entry.body.district === district
    ) {
      addRegistrarChunk(entry, where, registrars, districts, electionId);
    }
  }
  const posted = districts.get(district).registrars.get(registrar);
  if (K === null) throw new ElectionCheckError('board', 'the election key is not on the board yet');
  if (posted === undefined || position >= posted.entries.length) {
    throw new ElectionCheckError(
      'board',
      `registrar ${registrar} has posted no roll entry at position ${position} of district ${district}`,
    );
  }
  return { K, ceremonyCtx, entry: posted.entries[position] };
}

/**
 * Read the election from the board and check it (see the module comment); ElectionCheckError
 * on any failure. Returns {manifest, electionKey, open, roll (x-only hex → district), after}
 * as common.loadElection does (and, in the mode fake-credentials, `rolls`: district → its roll
 * entries, and `ceremonyContext`), `electionKey`/`open` null while the ceremony or the roll is not
 * over, and the checked `electionContext` (hex) once `open` is on the board.
 */
export async function loadCheckedElection() {
  const { entries, manifest, electionId, boardKey, authorityKey, caKey, trustees, n, k, ceremonyCtx } = await readBoard();
  const found = {
    manifest,
    electionKey: null,
    open: null,
    roll: new Map(),
    ceremonyContext: c.toHex(ceremonyCtx),
    rolls: null, // the mode fake-credentials: district id → its roll entries (ciphertexts), in order
    after: 0,
    electionContext: null,
  };
  const registrars = manifest.coercion === 'fake-credentials' ? registrarKeys(manifest) : null;
  const districts = new Map();
  for (const d of field(manifest.districts, Array.isArray, 'entry 0', 'body.districts')) {
    const id = field(d && d.id, (v) => typeof v === 'string', 'entry 0', 'body.districts[].id');
    districts.set(id, { acc: new MerkleAccumulator(id), next: 0, registrars: new Map() });
  }
  let keyEntry = null;
  let final = null;
  let openEntry = null;
  for (const entry of entries.slice(1)) {
    const where = `entry ${entry.index} (${entry.kind})`;
    found.after = entry.index + 1;
    if (entry.kind === 'election_key' && keyEntry === null) {
      requireSigned(entry, authorityKey, electionId, 'authority');
      keyEntry = entry;
    } else if (entry.kind === 'credential_roll') {
      if (final !== null) throw new ElectionCheckError(where, 'a roll chunk after the final entry');
      requireSigned(entry, caKey, electionId, 'credential authority');
      const district = districts.get(entry.body.district);
      if (district === undefined) throw new ElectionCheckError(where, 'body.district: not a district of the manifest');
      if (entry.body.position !== district.next) {
        throw new ElectionCheckError(where, `body.position: expected ${district.next}`);
      }
      district.next += 1;
      for (const hex of field(entry.body.keys, Array.isArray, where, 'body.keys')) {
        let key;
        try {
          key = c.xonlyFromHex(hex, 'body.keys[]');
        } catch (exc) {
          throw new ElectionCheckError(where, exc.message);
        }
        if (found.roll.has(hex)) throw new ElectionCheckError(where, `body.keys: ${hex} is on the roll twice`);
        found.roll.set(hex, entry.body.district);
        district.acc.add(key);
      }
    } else if (entry.kind === 'registrar_roll' && registrars !== null) {
      if (final !== null) throw new ElectionCheckError(where, 'a roll chunk after the final entry');
      addRegistrarChunk(entry, where, registrars, districts, electionId);
    } else if (entry.kind === 'credential_roll_final' && final === null) {
      requireSigned(entry, caKey, electionId, 'credential authority');
      final = entry;
    } else if (entry.kind === 'open') {
      requireSigned(entry, authorityKey, electionId, 'authority');
      openEntry = entry;
      found.open = entry.body;
    }
  }
  if (keyEntry === null || found.open === null) return found;
  const openWhere = `entry ${openEntry.index} (open)`;
  if (final === null) throw new ElectionCheckError(openWhere, 'voting opened before the roll was final');

  // the roll: the final entry lists every district of the manifest, in order, with the root and
  // count recomputed from its chunks
  const where = `entry ${final.index} (credential_roll_final)`;
  const listed = field(final.body.districts, Array.isArray, where, 'body.districts');
  const ids = [...districts.keys()];
  if (listed.length !== ids.length || listed.some((d, i) => !isObject(d) || d.id !== ids[i])) {
    throw new ElectionCheckError(where, "body.districts: not the manifest's districts in order");
  }
  if (registrars !== null) found.rolls = combineRolls(districts, registrars.length, where);
  const roots = {};
  for (const d of listed) {
    const acc = districts.get(d.id).acc;
    const root = acc.root();
    let given;
    try {
      given = c.strictHex(d.root, `body.districts[${d.id}].root`, 32);
    } catch (exc) {
      throw new ElectionCheckError(where, exc.message);
    }
    if (root === null || d.count !== acc.count || !c.bytesEqual(root, given)) {
      throw new ElectionCheckError(where, `district ${d.id}: the count or root does not recompute from the roll`);
    }
    roots[d.id] = root;
  }

  // the key ceremony's outcome
  const ekWhere = `entry ${keyEntry.index} (election_key)`;
  const ek = keyEntry.body;
  let jointKey, givenCeremony;
  const vks = new Map();
  try {
    givenCeremony = c.strictHex(ek.ceremony_context, 'body.ceremony_context', 32);
    jointKey = c.decodePoint(c.strictHex(ek.joint_key, 'body.joint_key'), 'body.joint_key');
    for (const item of field(ek.verification_keys, Array.isArray, ekWhere, 'body.verification_keys')) {
      const index = field(item && item.trustee, isIndex, ekWhere, 'body.verification_keys[].trustee');
      if (vks.has(index)) throw new ElectionCheckError(ekWhere, `body.verification_keys: trustee ${index} twice`);
      vks.set(index, c.decodePoint(c.strictHex(item.key, 'body.verification_keys[].key'), 'verification key'));
    }
  } catch (exc) {
    if (exc instanceof ElectionCheckError) throw exc;
    throw new ElectionCheckError(ekWhere, exc.message);
  }
  if (!c.bytesEqual(givenCeremony, ceremonyCtx)) {
    throw new ElectionCheckError(ekWhere, "body.ceremony_context: not this election's");
  }
  const qual = field(ek.qualified, Array.isArray, ekWhere, 'body.qualified');
  qual.forEach((v, i) => {
    if (!isIndex(v) || v < 1 || v > n || (i > 0 && v <= qual[i - 1])) {
      throw new ElectionCheckError(ekWhere, `body.qualified[${i}]: not an increasing trustee index in [1, n]`);
    }
  });
  if (qual.length !== vks.size || qual.some((i) => !vks.has(i))) {
    throw new ElectionCheckError(ekWhere, 'body.verification_keys: not exactly those of QUAL');
  }
  if (qual.length < k) throw new ElectionCheckError(ekWhere, `body.qualified: fewer than k = ${k} trustees`);
  const members = field(trustees.members, (v) => Array.isArray(v) && v.length === n, 'entry 0', 'body.trustees.members');
  const revealed = trusteeCommitments(entries, keyEntry.index, members, electionId);
  const commitments = new Map();
  for (const i of qual) {
    const found = revealed.get(i);
    if (found === undefined) {
      throw new ElectionCheckError(ekWhere, `body.qualified: trustee ${i} has no signed commit and reveal before it`);
    }
    if (found.points.length !== k || !c.bytesEqual(c.commitmentHash(ceremonyCtx, i, found.points), found.commitment)) {
      throw new ElectionCheckError(`entry ${found.index} (trustee_reveal)`, `body.commitments: not what trustee ${i} committed to`);
    }
    commitments.set(i, found.points);
  }
  if (!c.pointsEqual(c.jointKeyOf(commitments, qual), jointKey)) {
    throw new ElectionCheckError(ekWhere, "body.joint_key: not the key the trustees' commitments give over QUAL");
  }
  for (const j of qual) {
    if (!c.pointsEqual(c.verificationKeyOf(commitments, j, qual), vks.get(j))) {
      throw new ElectionCheckError(ekWhere, `body.verification_keys: trustee ${j}'s is not the one the commitments give`);
    }
  }

  const electionCtx = c.H(
    ELECTION_CONTEXT,
    ceremonyCtx,
    c.encodePoint(jointKey),
    qual.map((i) => c.encodePoint(vks.get(i))),
    qual.slice(),
    roots,
    boardKey,
    authorityKey,
    caKey,
  );
  const hex = c.toHex(electionCtx);
  if (found.open.election_ctx !== hex) {
    throw new ElectionCheckError(openWhere, 'body.election_ctx: not the context recomputed from the board');
  }
  found.electionKey = ek;
  found.electionContext = hex;
  return found;
}
