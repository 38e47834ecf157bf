// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 8a45d5741d457588af620bf2e9eaf3d9779e1daa06432baf38c5d8866c468b2a

// src/pages/dashboard.js
import * as c3 from "../booth/booth-crypto.js";
import {
  boardUrl,
  districtName,
  fill,
  formatTime,
  getJSON as getJSON2,
  h,
  headVerifies,
  initLanguage,
  localText,
  onLanguageChange,
  scanEntries as scanEntries2,
  t
} from "../common/common.js";

// src/pages/election-check.js
import * as c from "../booth/booth-crypto.js";
import { getJSON, scanEntries } from "../common/common.js";
var PREFIX = "plebiscite/v1/";
var ENTRY_SIGNATURE = PREFIX + "sign/entry";
var CEREMONY_CONTEXT = PREFIX + "hash/ceremony-context";
var ELECTION_CONTEXT = PREFIX + "hash/election-context";
var ROLL_LEAF = PREFIX + "hash/roll-leaf";
var ROLL_NODE = PREFIX + "hash/roll-node";
var ElectionCheckError = class extends Error {
  constructor(where, detail) {
    super(`${where}: ${detail}`);
    this.where = where;
    this.detail = detail;
  }
};
function unsigned(body) {
  const out = {};
  for (const [name, value] of Object.entries(body)) if (name !== "signature") out[name] = value;
  return out;
}
function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function requireSigned(entry, key, electionId, role) {
  const where = `entry ${entry.index} (${entry.kind})`;
  if (!isObject(entry.body)) throw new ElectionCheckError(where, "the body is not an object");
  let signature;
  try {
    signature = c.strictHex(entry.body.signature, "body.signature", c.SIGNATURE_BYTES);
  } catch (exc) {
    throw new ElectionCheckError(where, exc.message);
  }
  const values = [electionId, entry.kind, unsigned(entry.body)];
  if (!c.verifyTagged(key, signature, ENTRY_SIGNATURE, values)) {
    throw new ElectionCheckError(where, `body.signature: not a valid signature by the ${role}`);
  }
}
function signedBy(entry, key, electionId) {
  try {
    const signature = c.strictHex(entry.body.signature, "body.signature", c.SIGNATURE_BYTES);
    return c.verifyTagged(key, signature, ENTRY_SIGNATURE, [electionId, entry.kind, unsigned(entry.body)]);
  } catch {
    return false;
  }
}
function trusteeCommitments(entries, until, members, electionId) {
  const commits = /* @__PURE__ */ new Map();
  const revealed = /* @__PURE__ */ new Map();
  let roundClosed = false;
  for (const entry of entries) {
    if (entry.index >= until || !isObject(entry.body)) continue;
    const i = entry.body.trustee;
    if (!isIndex(i) || i < 1 || i > members.length) continue;
    if (entry.kind === "trustee_commit" && !roundClosed && !commits.has(i)) {
      let key, commitment;
      try {
        key = c.xonlyFromHex(entry.body.key, "body.key");
        commitment = c.strictHex(entry.body.commitment, "body.commitment", 32);
      } catch {
        continue;
      }
      if (c.fingerprint(key) !== members[i - 1].fingerprint || !signedBy(entry, key, electionId)) continue;
      commits.set(i, { key, commitment });
    } else if (entry.kind === "trustee_reveal" && commits.has(i) && !revealed.has(i)) {
      if (!signedBy(entry, commits.get(i).key, electionId)) continue;
      roundClosed = true;
      let points;
      try {
        points = field(entry.body.commitments, Array.isArray, "", "").map(
          (hex) => c.decodePoint(c.strictHex(hex, "body.commitments[]"), "commitment")
        );
      } catch {
        continue;
      }
      revealed.set(i, { commitment: commits.get(i).commitment, points, index: entry.index });
    }
  }
  return revealed;
}
var MerkleAccumulator = class {
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
};
function field(value, check, where, path) {
  if (!check(value)) throw new ElectionCheckError(where, `field ${path} is missing or malformed`);
  return value;
}
var isIndex = (v) => Number.isSafeInteger(v) && v >= 0;
function registrarKeys(manifest) {
  const listed = field(manifest.registrars, (v) => Array.isArray(v) && v.length >= 1, "entry 0", "body.registrars");
  return listed.map((r, j) => {
    try {
      return c.xonlyFromHex(r && r.key, `body.registrars[${j}].key`);
    } catch (exc) {
      throw new ElectionCheckError("entry 0", exc.message);
    }
  });
}
function addRegistrarChunk(entry, where, registrars, districts, electionId) {
  const body = field(entry.body, isObject, where, "body");
  const j = field(body.registrar, (v) => isIndex(v) && v >= 1 && v <= registrars.length, where, "body.registrar");
  requireSigned(entry, registrars[j - 1], electionId, `registrar ${j}`);
  const district = districts.get(body.district);
  if (district === void 0) throw new ElectionCheckError(where, "body.district: not a district of the manifest");
  const posted = district.registrars.get(j) ?? { next: 0, entries: [] };
  if (body.position !== posted.next) throw new ElectionCheckError(where, `body.position: expected ${posted.next}`);
  posted.next += 1;
  for (const [k, item] of field(body.entries, Array.isArray, where, "body.entries").entries()) {
    try {
      posted.entries.push(c.decodeCiphertext(item && item.ciphertext, `body.entries[${k}].ciphertext`, false));
    } catch (exc) {
      throw new ElectionCheckError(where, exc.message);
    }
  }
  district.registrars.set(j, posted);
}
function combineRolls(districts, nRegistrars, where) {
  const rolls = /* @__PURE__ */ new Map();
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
async function readBoard() {
  const manifestEntry = await getJSON("/manifest");
  const manifest = field(manifestEntry && manifestEntry.body, isObject, "entry 0", "body");
  const entries = [];
  await scanEntries(0, (entry) => {
    entries.push(entry);
    return entry.kind === "open";
  });
  const first = entries[0];
  if (!first || first.kind !== "manifest" || first.index !== 0) {
    throw new ElectionCheckError("entry 0", "the board holds no manifest");
  }
  if (c.canonicalBytes(first.body).join() !== c.canonicalBytes(manifest).join()) {
    throw new ElectionCheckError("entry 0", "the /manifest answer is not the body of entry 0");
  }
  const keys = field(manifest.keys, isObject, "entry 0", "body.keys");
  let electionId, boardKey, authorityKey, caKey;
  try {
    electionId = c.strictHex(manifest.election_id, "body.election_id", 16);
    boardKey = c.xonlyFromHex(keys.board, "body.keys.board");
    authorityKey = c.xonlyFromHex(keys.authority, "body.keys.authority");
    caKey = c.xonlyFromHex(keys.credential_authority, "body.keys.credential_authority");
  } catch (exc) {
    throw new ElectionCheckError("entry 0", exc.message);
  }
  requireSigned(first, authorityKey, electionId, "authority");
  const trustees = field(manifest.trustees, isObject, "entry 0", "body.trustees");
  const n = field(trustees.n, isIndex, "entry 0", "body.trustees.n");
  const k = field(trustees.k, (v) => isIndex(v) && v >= 1 && v <= n, "entry 0", "body.trustees.k");
  const ceremonyCtx = c.H(CEREMONY_CONTEXT, electionId, manifest, c.groupDescription(), n, k);
  return { entries, manifest, electionId, boardKey, authorityKey, caKey, trustees, n, k, ceremonyCtx };
}
async function loadCheckedElection() {
  const { entries, manifest, electionId, boardKey, authorityKey, caKey, trustees, n, k, ceremonyCtx } = await readBoard();
  const found = {
    manifest,
    electionKey: null,
    open: null,
    roll: /* @__PURE__ */ new Map(),
    ceremonyContext: c.toHex(ceremonyCtx),
    rolls: null,
    // the mode fake-credentials: district id → its roll entries (ciphertexts), in order
    after: 0,
    electionContext: null
  };
  const registrars = manifest.coercion === "fake-credentials" ? registrarKeys(manifest) : null;
  const districts = /* @__PURE__ */ new Map();
  for (const d of field(manifest.districts, Array.isArray, "entry 0", "body.districts")) {
    const id = field(d && d.id, (v) => typeof v === "string", "entry 0", "body.districts[].id");
    districts.set(id, { acc: new MerkleAccumulator(id), next: 0, registrars: /* @__PURE__ */ new Map() });
  }
  let keyEntry = null;
  let final = null;
  let openEntry = null;
  for (const entry of entries.slice(1)) {
    const where2 = `entry ${entry.index} (${entry.kind})`;
    found.after = entry.index + 1;
    if (entry.kind === "election_key" && keyEntry === null) {
      requireSigned(entry, authorityKey, electionId, "authority");
      keyEntry = entry;
    } else if (entry.kind === "credential_roll") {
      if (final !== null) throw new ElectionCheckError(where2, "a roll chunk after the final entry");
      requireSigned(entry, caKey, electionId, "credential authority");
      const district = districts.get(entry.body.district);
      if (district === void 0) throw new ElectionCheckError(where2, "body.district: not a district of the manifest");
      if (entry.body.position !== district.next) {
        throw new ElectionCheckError(where2, `body.position: expected ${district.next}`);
      }
      district.next += 1;
      for (const hex2 of field(entry.body.keys, Array.isArray, where2, "body.keys")) {
        let key;
        try {
          key = c.xonlyFromHex(hex2, "body.keys[]");
        } catch (exc) {
          throw new ElectionCheckError(where2, exc.message);
        }
        if (found.roll.has(hex2)) throw new ElectionCheckError(where2, `body.keys: ${hex2} is on the roll twice`);
        found.roll.set(hex2, entry.body.district);
        district.acc.add(key);
      }
    } else if (entry.kind === "registrar_roll" && registrars !== null) {
      if (final !== null) throw new ElectionCheckError(where2, "a roll chunk after the final entry");
      addRegistrarChunk(entry, where2, registrars, districts, electionId);
    } else if (entry.kind === "credential_roll_final" && final === null) {
      requireSigned(entry, caKey, electionId, "credential authority");
      final = entry;
    } else if (entry.kind === "open") {
      requireSigned(entry, authorityKey, electionId, "authority");
      openEntry = entry;
      found.open = entry.body;
    }
  }
  if (keyEntry === null || found.open === null) return found;
  const openWhere = `entry ${openEntry.index} (open)`;
  if (final === null) throw new ElectionCheckError(openWhere, "voting opened before the roll was final");
  const where = `entry ${final.index} (credential_roll_final)`;
  const listed = field(final.body.districts, Array.isArray, where, "body.districts");
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
  const ekWhere = `entry ${keyEntry.index} (election_key)`;
  const ek = keyEntry.body;
  let jointKey, givenCeremony;
  const vks = /* @__PURE__ */ new Map();
  try {
    givenCeremony = c.strictHex(ek.ceremony_context, "body.ceremony_context", 32);
    jointKey = c.decodePoint(c.strictHex(ek.joint_key, "body.joint_key"), "body.joint_key");
    for (const item of field(ek.verification_keys, Array.isArray, ekWhere, "body.verification_keys")) {
      const index = field(item && item.trustee, isIndex, ekWhere, "body.verification_keys[].trustee");
      if (vks.has(index)) throw new ElectionCheckError(ekWhere, `body.verification_keys: trustee ${index} twice`);
      vks.set(index, c.decodePoint(c.strictHex(item.key, "body.verification_keys[].key"), "verification key"));
    }
  } catch (exc) {
    if (exc instanceof ElectionCheckError) throw exc;
    throw new ElectionCheckError(ekWhere, exc.message);
  }
  if (!c.bytesEqual(givenCeremony, ceremonyCtx)) {
    throw new ElectionCheckError(ekWhere, "body.ceremony_context: not this election's");
  }
  const qual = field(ek.qualified, Array.isArray, ekWhere, "body.qualified");
  qual.forEach((v, i) => {
    if (!isIndex(v) || v < 1 || v > n || i > 0 && v <= qual[i - 1]) {
      throw new ElectionCheckError(ekWhere, `body.qualified[${i}]: not an increasing trustee index in [1, n]`);
    }
  });
  if (qual.length !== vks.size || qual.some((i) => !vks.has(i))) {
    throw new ElectionCheckError(ekWhere, "body.verification_keys: not exactly those of QUAL");
  }
  if (qual.length < k) throw new ElectionCheckError(ekWhere, `body.qualified: fewer than k = ${k} trustees`);
  const members = field(trustees.members, (v) => Array.isArray(v) && v.length === n, "entry 0", "body.trustees.members");
  const revealed = trusteeCommitments(entries, keyEntry.index, members, electionId);
  const commitments = /* @__PURE__ */ new Map();
  for (const i of qual) {
    const found2 = revealed.get(i);
    if (found2 === void 0) {
      throw new ElectionCheckError(ekWhere, `body.qualified: trustee ${i} has no signed commit and reveal before it`);
    }
    if (found2.points.length !== k || !c.bytesEqual(c.commitmentHash(ceremonyCtx, i, found2.points), found2.commitment)) {
      throw new ElectionCheckError(`entry ${found2.index} (trustee_reveal)`, `body.commitments: not what trustee ${i} committed to`);
    }
    commitments.set(i, found2.points);
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
    caKey
  );
  const hex = c.toHex(electionCtx);
  if (found.open.election_ctx !== hex) {
    throw new ElectionCheckError(openWhere, "body.election_ctx: not the context recomputed from the board");
  }
  found.electionKey = ek;
  found.electionContext = hex;
  return found;
}

// src/pages/tally-rule.js
import * as c2 from "../booth/booth-crypto.js";
var ROUND_KINDS = /* @__PURE__ */ new Set(["tag_commit", "tag_blind", "tag_decrypt", "tag_dedup", "pet_blind", "pet_decrypt", "pet_match"]);
var TallyRule = class {
  constructor() {
    this.open = null;
    this.close = null;
    this.countedAt = null;
    this.tally = null;
    this.rounds = /* @__PURE__ */ new Map();
    this.ballots = /* @__PURE__ */ new Map();
  }
  observe(entry) {
    const { kind, body } = entry;
    if (kind === "open" && this.open === null) this.open = entry.index;
    else if (kind === "close" && this.close === null) this.close = entry.index;
    else if ((kind === "tally" || kind === "result") && this.countedAt === null) this.countedAt = entry.index;
    if (kind === "tally" && this.tally === null) this.tally = entry;
    if (ROUND_KINDS.has(kind) && body !== null && typeof body === "object" && typeof body.district === "string") {
      const round = this.rounds.get(body.district) ?? { kinds: /* @__PURE__ */ new Set(), matched: null };
      round.kinds.add(kind);
      if (kind === "pet_match" && round.matched === null && Array.isArray(body.counted)) round.matched = body.counted.length;
      this.rounds.set(body.district, round);
    }
    if (kind === "ballot" && this.open !== null && this.close === null && body !== null && typeof body === "object") {
      this.ballots.set(body.district, (this.ballots.get(body.district) ?? 0) + 1);
    }
  }
  /** Whether the rule applies yet: a `tally` or `result` is on the board. */
  get counts() {
    return this.countedAt !== null;
  }
  /**
   * The failures, [{check, index, field, message}] in the manifest's district order (V7's after
   * the rounds'). `valid(district)` (async) counts the district's valid ballots; it is called only
   * for a district with ballots posted and no tally entry.
   */
  async failures(manifest, valid) {
    if (!this.counts) return [];
    const at = this.countedAt;
    const counts = `, yet entry ${at} counts the district`;
    const out = [];
    for (const d of manifest.districts) {
      const where = `district ${pyRepr(d.id)}`;
      const round = this.rounds.get(d.id);
      if (round !== void 0) {
        if (!round.kinds.has("tag_dedup")) {
          out.push({ check: "V13", index: at, field: "tag_dedup", message: `${where}: the dedup round has no tag_dedup${counts}` });
        } else if (!round.kinds.has("pet_match")) {
          out.push({ check: "V14", index: at, field: "pet_match", message: `${where}: the tally has no pet_match${counts}` });
        }
        continue;
      }
      if (!this.ballots.get(d.id)) continue;
      const n = await valid(d.id);
      if (n > 0) {
        out.push({
          check: "V13",
          index: at,
          field: "tag_commit",
          message: `${where}: ${n} valid ballot(s) and no tag round (no tag_commit), yet entry ${at} counts the district: its ballots were never matched`
        });
      }
    }
    const body = this.tally !== null && this.tally.body !== null && typeof this.tally.body === "object" ? this.tally.body : {};
    const matchedIn = (id) => {
      const round = this.rounds.get(id);
      return round === void 0 || round.matched === null ? 0 : round.matched;
    };
    const compare = (posted, field2, name, matched) => {
      if (posted === null || typeof posted !== "object" || !Number.isSafeInteger(posted.counted)) return;
      if (posted.counted !== matched) {
        out.push({ check: "V7", index: this.tally.index, field: field2, message: `${posted.counted} ballots, but ${name} counted ${matched}` });
      }
    };
    if (Array.isArray(body.districts)) {
      body.districts.forEach((posted, i) => {
        const id = posted !== null && typeof posted === "object" ? posted.id : void 0;
        compare(posted, `body.districts[${i}].counted`, `district ${pyRepr(String(id))}`, matchedIn(id));
      });
      const total = manifest.districts.reduce((sum, d) => sum + matchedIn(d.id), 0);
      compare(body.total ?? null, "body.total.counted", "the whole election", total);
    }
    return out;
  }
};
async function countValidBallots({ scan, params, roll, anonymity, window, open, close, district, bound }) {
  const seen = /* @__PURE__ */ new Set();
  const alphas = /* @__PURE__ */ new Set();
  let valid = 0;
  let challenges = 0;
  await scan(open + 1, (entry) => {
    if (close !== null && entry.index >= close) return true;
    const { kind, body } = entry;
    if (kind !== "ballot" && kind !== "challenge" || body === null || typeof body !== "object") return false;
    if (body.district !== district) return false;
    if (!(window.opens <= entry.time && entry.time < window.closes)) return false;
    let checked;
    try {
      checked = kind === "ballot" ? c2.checkCredentialBallot(params, roll, body, anonymity) : c2.checkCredentialChallenge(params, () => roll, body, anonymity);
    } catch {
      return false;
    }
    const identity = c2.toHex(checked.identity);
    if (seen.has(identity)) return false;
    if (kind === "challenge" && challenges >= bound) return false;
    const mine = body.questions.flatMap((q) => q.ciphertexts.map((ct) => ct.alpha));
    if (new Set(mine).size !== mine.length || mine.some((a) => alphas.has(a))) return false;
    seen.add(identity);
    for (const a of mine) alphas.add(a);
    if (kind === "challenge") challenges += 1;
    else valid += 1;
    return false;
  });
  return valid;
}
function pyRepr(text) {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

// src/pages/dashboard.js
var DAY_US = 864e8;
var REFRESH_MS = 15e3;
var CHECK_IDS = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "V11", "V12", "V13", "V14"];
var FINAL_CHECKS = ["V7", "V8", "V9", "V11", "V13", "V14"];
var COLOURS = { registered: "#5a5a5a", cast: "#0b5cad", superseded: "#b3261e" };
var MODE_STEPS = [
  ["dedup", ["tag_commit", "tag_blind", "tag_decrypt", "tag_dedup"]],
  ["mix", ["mix"]],
  ["match", ["pet_blind", "pet_decrypt", "pet_match"]]
];
var state = {
  rolls: /* @__PURE__ */ new Map(),
  // the mode fake-credentials: district → entries of its first registrar's roll
  steps: /* @__PURE__ */ new Map(),
  // … and entry kind of the tally → entries posted
  rule: new TallyRule(),
  // … and the entries the counted set's rule reads
  ruleShown: null,
  // … and its outcome: {at: the entries read, failures} or {at, error}
  ruleBusy: false,
  manifest: null,
  next: 0,
  ballots: [],
  // {time, district, credential}
  challenges: 0,
  result: null,
  close: null,
  status: null,
  head: null,
  error: null
};
var charts = /* @__PURE__ */ new Map();
async function refresh() {
  try {
    if (state.manifest === null) state.manifest = (await getJSON2("/manifest")).body;
    await scanEntries2(state.next, (entry) => {
      state.next = entry.index + 1;
      state.rule.observe(entry);
      if (entry.kind === "ballot") {
        state.ballots.push({ time: entry.time, district: entry.body.district, credential: entry.body.credential });
      } else if (entry.kind === "challenge") state.challenges += 1;
      else if (entry.kind === "registrar_roll") countRoll(entry.body);
      else if (MODE_STEPS.some(([, kinds]) => kinds.includes(entry.kind))) {
        state.steps.set(entry.kind, (state.steps.get(entry.kind) ?? 0) + 1);
      } else if (entry.kind === "close") state.close = entry;
      else if (entry.kind === "result") state.result = entry;
      return false;
    });
    state.status = await getJSON2("/status");
    state.head = state.status.head;
    state.error = null;
  } catch (exc) {
    state.error = exc.message;
  }
  render();
  const due = state.ruleShown === null || state.ruleShown.at !== state.next;
  if (isMode() && state.rule.counts && due && !state.ruleBusy) {
    state.ruleBusy = true;
    try {
      await checkRule();
    } finally {
      state.ruleBusy = false;
    }
    render();
  }
}
async function checkRule() {
  const at = state.next;
  const rule = state.rule;
  const m = state.manifest;
  let election = null;
  let params = null;
  const valid = async (district) => {
    if (election === null) {
      election = await loadCheckedElection();
      if (!election.open || !election.electionKey) throw new Error(t("booth.not_open"));
      params = c3.electionParamsFromManifest(m, election.electionKey.joint_key, election.open.election_ctx);
    }
    const bound = m.districts.find((d) => d.id === district).registered;
    const roll = election.rolls.get(district);
    const args = { scan: scanEntries2, params, roll, anonymity: m.anonymity, window: m.window, open: rule.open, close: rule.close };
    return countValidBallots({ ...args, district, bound });
  };
  try {
    state.ruleShown = { at, failures: await rule.failures(m, valid) };
  } catch (exc) {
    state.ruleShown = { at, error: exc.message };
  }
}
function isMode() {
  return state.manifest !== null && state.manifest.coercion === "fake-credentials";
}
function countRoll(body) {
  if (body === null || typeof body !== "object" || body.registrar !== 1 || !Array.isArray(body.entries)) return;
  state.rolls.set(body.district, (state.rolls.get(body.district) ?? 0) + body.entries.length);
}
function phaseText() {
  if (state.result) return t("dashboard.phase_result");
  const phase = state.status ? state.status.phase : "empty";
  return t(`dashboard.phase_${phase}`);
}
function turnout() {
  const { opens, closes } = state.manifest.window;
  const days = Math.max(1, Math.ceil((closes - opens) / DAY_US));
  const out = /* @__PURE__ */ new Map();
  for (const d of state.manifest.districts) {
    const rows = [];
    for (let i = 0; i < days; i++) {
      const end = Math.min(opens + (i + 1) * DAY_US, closes);
      const mine = state.ballots.filter((b) => b.district === d.id && b.time < end);
      if (isMode()) {
        rows.push({ day: opens + i * DAY_US, roll: state.rolls.get(d.id) ?? 0, ballots: mine.length });
        continue;
      }
      const voters = new Set(mine.map((b) => b.credential)).size;
      rows.push({ day: opens + i * DAY_US, registered: d.registered, cast: voters, superseded: mine.length - voters });
    }
    out.set(d.id, rows);
  }
  return out;
}
function dayLabel(micros) {
  return new Date(Math.floor(micros / 1e3)).toISOString().slice(0, 10);
}
function renderSummary() {
  const m = state.manifest;
  fill("title", localText(m.title));
  const head = state.head;
  const headOk = head ? headVerifies(c3, head, m.keys.board) : false;
  fill(
    "summary",
    h("dt", {}, t("dashboard.state")),
    h("dd", { id: "phase" }, phaseText()),
    h("dt", {}, t("dashboard.window")),
    h("dd", {}, t("booth.window", { opens: formatTime(m.window.opens), closes: formatTime(m.window.closes) })),
    h("dt", {}, t("dashboard.board")),
    h("dd", {}, h("code", {}, boardUrl())),
    h("dt", {}, t("dashboard.head")),
    h(
      "dd",
      { id: "head" },
      head ? [
        t("dashboard.head_at", { index: head.index, time: formatTime(head.time) }),
        " ",
        h("code", { class: "hash" }, head.entry_hash),
        " — ",
        h("span", { class: headOk ? "good" : "bad" }, headOk ? t("dashboard.head_ok") : t("dashboard.head_bad"))
      ] : t("dashboard.no_head")
    ),
    h("dt", {}, t("dashboard.challenges")),
    h("dd", {}, String(state.challenges))
  );
}
function scrollable(table, label) {
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label }, table);
}
function turnoutColumns() {
  return isMode() ? ["day", "roll", "ballots"] : ["day", "registered", "cast", "superseded"];
}
function renderSteps() {
  const section = document.getElementById("steps-section");
  const posted = [...state.steps.values()].some((n) => n > 0);
  section.hidden = !isMode() || !posted;
  if (section.hidden) return;
  const rows = MODE_STEPS.flatMap(
    ([step, kinds]) => kinds.map(
      (kind, i) => h("tr", {}, i === 0 ? h("th", { scope: "row", rowspan: String(kinds.length) }, t(`dashboard.step_${step}`)) : null, h("td", {}, h("code", {}, kind)), h("td", { id: `step-${kind}` }, String(state.steps.get(kind) ?? 0)))
    )
  );
  fill(
    "steps",
    scrollable(h(
      "table",
      {},
      h("caption", {}, t("dashboard.steps_caption")),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("dashboard.step")), h("th", { scope: "col" }, t("dashboard.step_kind")), h("th", { scope: "col" }, t("dashboard.step_entries")))),
      h("tbody", {}, rows)
    ), t("dashboard.steps_caption"))
  );
}
function renderTurnout() {
  if (isMode()) fill("turnout-help", t("dashboard.mode_turnout_help"));
  const data = turnout();
  const Chart = globalThis.Chart;
  const sections = [];
  for (const d of state.manifest.districts) {
    const rows = data.get(d.id);
    const name = districtName(state.manifest, d.id);
    const canvasId = `chart-${d.id}`;
    const table = h(
      "table",
      { id: `turnout-${d.id}` },
      h("caption", {}, t("dashboard.turnout_caption", { district: name })),
      h(
        "thead",
        {},
        h("tr", {}, turnoutColumns().map((key) => h("th", { scope: "col" }, t(`dashboard.${key}`))))
      ),
      h(
        "tbody",
        {},
        rows.map((r) => h("tr", {}, h("th", { scope: "row" }, dayLabel(r.day)), turnoutColumns().slice(1).map((key) => h("td", {}, String(r[key])))))
      )
    );
    sections.push(
      h(
        "section",
        { class: "district", "aria-labelledby": `h-${d.id}` },
        h("h3", { id: `h-${d.id}` }, name),
        h("div", { class: "chart" }, h("canvas", { id: canvasId, role: "img", "aria-label": t("dashboard.chart_label", { district: name }) })),
        scrollable(table, t("dashboard.turnout_caption", { district: name }))
      )
    );
  }
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  fill("turnout", sections);
  if (typeof Chart !== "function") return;
  for (const d of state.manifest.districts) {
    const rows = data.get(d.id);
    const dataset = (key, dash, colour = key) => ({
      label: t(`dashboard.${key}`).replaceAll("­", ""),
      // soft hyphens are for table headers
      data: rows.map((r) => r[key]),
      borderColor: COLOURS[colour],
      backgroundColor: COLOURS[colour],
      borderDash: dash,
      stepped: false,
      pointRadius: 3
    });
    const chart = new Chart(document.getElementById(`chart-${d.id}`), {
      type: "line",
      data: {
        labels: rows.map((r) => dayLabel(r.day)),
        datasets: isMode() ? [dataset("roll", [6, 4], "registered"), dataset("ballots", [], "cast")] : [dataset("registered", [6, 4]), dataset("cast", []), dataset("superseded", [])]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { labels: { color: "#1a1a1a", usePointStyle: true } } }
      }
    });
    charts.set(d.id, chart);
  }
}
function renderRule() {
  const section = document.getElementById("rule-section");
  section.hidden = !isMode() || !state.rule.counts;
  if (section.hidden) return;
  const shown = state.ruleShown;
  const index = state.rule.countedAt;
  if (shown === null) {
    fill("rule", h("p", { id: "rule-verdict", class: "meta" }, t("dashboard.rule_checking")));
  } else if (shown.error !== void 0) {
    fill("rule", h("p", { id: "rule-verdict", class: "bad" }, t("dashboard.rule_error", { detail: shown.error })));
  } else if (shown.failures.length === 0) {
    fill("rule", h("p", { id: "rule-verdict", class: "good" }, t("dashboard.rule_ok", { index })));
  } else {
    fill(
      "rule",
      h("p", { id: "rule-verdict", class: "bad" }, t("dashboard.rule_failed", { count: shown.failures.length, index })),
      h(
        "ul",
        { class: "failures", id: "rule-failures" },
        shown.failures.map(
          (f) => h("li", { "data-check": f.check, "data-index": String(f.index), "data-field": f.field }, `${f.check} #${f.index} ${f.field}: ${f.message}`)
        )
      )
    );
  }
}
function renderChecks() {
  const s = state.status;
  if (!s) return;
  const failures = s.failures || [];
  fill(
    "checks",
    h("p", { id: "checks-verdict", class: s.ok ? "good" : "bad" }, s.ok ? t("dashboard.checks_ok", { entries: s.checked_entries }) : t("dashboard.checks_failed", { count: failures.length })),
    scrollable(h(
      "table",
      {},
      h("caption", {}, t("dashboard.checks_caption")),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("dashboard.check")), h("th", { scope: "col" }, t("dashboard.check_what")), h("th", { scope: "col" }, t("dashboard.items")), h("th", { scope: "col" }, t("dashboard.failures")))),
      h(
        "tbody",
        {},
        CHECK_IDS.map(
          (id) => h("tr", {}, h("th", { scope: "row" }, id), h("td", {}, t(`check.${id}`)), h("td", {}, String((s.checks || {})[id] ?? 0)), h("td", {}, String(failures.filter((f) => f.check === id).length)))
        )
      )
    ), t("dashboard.checks_caption")),
    h("p", { id: "final-note", class: "meta" }, finalNote(s)),
    failures.length ? h("ul", { class: "failures" }, failures.map((f) => h("li", {}, `${f.check} #${f.index ?? "—"} ${f.field}: ${f.message}`))) : null
  );
}
function finalNote(s) {
  if (!s.final) return t("dashboard.final_not_run");
  const ran = t("dashboard.final_ran", { index: s.final.head_index });
  return s.final_due ? `${ran} ${t("dashboard.final_due")}` : ran;
}
function proofsStatus() {
  const s = state.status;
  if (!s) return [t("dashboard.proofs_unknown"), "meta", []];
  const final = s.final;
  if (!final || !state.result || final.head_index < state.result.index) return [t("dashboard.proofs_pending"), "meta", []];
  if (final.error) return [t("dashboard.proofs_error", { detail: final.error }), "bad", []];
  const rows = FINAL_CHECKS.map((id) => {
    const items = (s.checks || {})[id] ?? 0;
    const failures = (s.failed || {})[id] ?? (s.failures || []).filter((f) => f.check === id).length;
    const args = { check: id, what: t(`check.${id}`), items, failures };
    return { id, failures, text: t(failures ? "dashboard.proof_line_failed" : "dashboard.proof_line_ok", args) };
  });
  const lines = rows.map((r) => [r.text, r.failures ? "bad" : "good", r.id]);
  const count = rows.reduce((sum, r) => sum + r.failures, 0);
  if (count) return [t("dashboard.proofs_failed", { count, index: final.head_index }), "bad", lines];
  return [t("dashboard.proofs_ok", { index: final.head_index }), "good", lines];
}
function renderResults() {
  const section = document.getElementById("results-section");
  if (!state.result) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const body = state.result.body;
  const m = state.manifest;
  const tables = [];
  const columns = m.questions.flatMap((q) => q.options.map((o) => `${localText(q.text)} — ${localText(o.label)}`));
  const row = (label, f, id) => h(
    "tr",
    { id },
    h("th", { scope: "row" }, label),
    f.counts === null ? columns.map(() => h("td", { title: t("dashboard.withheld") }, "—")) : f.counts.flat().map((n) => h("td", {}, String(n))),
    h("td", {}, String(f.counted)),
    h("td", {}, String(f.registered)),
    h("td", {}, `${(f.turnout_ppm / 1e4).toFixed(2)} %`),
    h("td", {}, String(f.superseded)),
    h("td", {}, String(f.challenged))
  );
  tables.push(
    scrollable(h(
      "table",
      { id: "results" },
      h("caption", {}, t("dashboard.results_caption")),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("tracking.district")),
          columns.map((col) => h("th", { scope: "col" }, col)),
          ["counted", "registered", "turnout", "superseded", "challenged"].map((k) => h("th", { scope: "col" }, t(`dashboard.${k}`)))
        )
      ),
      h(
        "tbody",
        {},
        body.districts.map((d) => row(districtName(m, d.id), d, `result-${d.id}`)),
        row(t("dashboard.total"), body.total, "result-total")
      )
    ), t("dashboard.results_caption"))
  );
  const [proofsText, proofsKind, proofLines] = proofsStatus();
  fill(
    "results",
    tables,
    h("p", { id: "proofs-status", class: proofsKind }, proofsText),
    proofLines.length ? h("ul", { id: "proofs-checks" }, proofLines.map(([text, kind, id]) => h("li", { id: `proofs-${id}`, class: kind }, text))) : null,
    h("p", {}, t("dashboard.result_entry", { index: state.result.index, time: formatTime(state.result.time) }))
  );
}
function renderRecord() {
  fill(
    "record",
    h("p", {}, t("dashboard.record_text")),
    h(
      "ul",
      {},
      h("li", {}, h("a", { href: `${boardUrl()}/stream`, download: "entries.jsonl", id: "record-link" }, t("dashboard.record_entries"))),
      h("li", {}, h("a", { href: `${boardUrl()}/heads`, id: "heads-link" }, t("dashboard.record_heads")))
    ),
    h("p", {}, h("code", {}, "plebiscite observe " + boardUrl() + " --state observer-state --once"))
  );
}
function render() {
  fill("error", state.error ? t("dashboard.load_failed", { detail: state.error }) : "");
  document.getElementById("error").hidden = !state.error;
  if (!state.manifest) return;
  renderSummary();
  renderTurnout();
  renderSteps();
  renderRule();
  renderChecks();
  renderResults();
  renderRecord();
  document.body.dataset.ready = "1";
  fill("updated", t("dashboard.updated", { time: (/* @__PURE__ */ new Date()).toISOString().replace("T", " ").slice(0, 19) + " UTC" }));
}
initLanguage();
onLanguageChange(render);
document.getElementById("refresh").addEventListener("click", refresh);
refresh();
setInterval(refresh, REFRESH_MS);
