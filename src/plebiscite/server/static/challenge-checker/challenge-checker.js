// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 8a45d5741d457588af620bf2e9eaf3d9779e1daa06432baf38c5d8866c468b2a

// src/pages/challenge-checker.js
import * as c2 from "../booth/booth-crypto.js";
import {
  BoardError,
  boardUrl,
  districtName,
  fill,
  getJSON as getJSON2,
  h,
  initLanguage,
  loadElection,
  localText,
  onLanguageChange,
  say,
  t,
  trackingGroups,
  trackingProblem
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
function field(value, check2, where, path) {
  if (!check2(value)) throw new ElectionCheckError(where, `field ${path} is missing or malformed`);
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

// src/pages/challenge-checker.js
var FAKE_CREDENTIALS = "fake-credentials";
var election = null;
var params = null;
var shown = null;
async function check(event) {
  event.preventDefault();
  say("message", "");
  shown = null;
  fill("result");
  const code = document.getElementById("code").value;
  try {
    c2.parseTracking(code);
  } catch (exc) {
    say("message", trackingProblem(exc), "error");
    return;
  }
  say("progress", t("checker.checking"));
  try {
    if (election === null) {
      let loaded = await loadElection();
      if (loaded.manifest.coercion === FAKE_CREDENTIALS) loaded = await loadCheckedElection();
      if (!loaded.open || !loaded.electionKey) throw new Error(t("booth.not_open"));
      params = c2.electionParamsFromManifest(loaded.manifest, loaded.electionKey.joint_key, loaded.open.election_ctx);
      election = loaded;
    }
    const found = await getJSON2(`/tracking/${encodeURIComponent(code.trim())}`);
    if (found.kind !== "challenge") {
      say("progress", "");
      say("message", t("checker.not_a_challenge"), "error");
      return;
    }
    try {
      const checked = isMode() ? c2.checkCredentialChallenge(params, (d) => election.rolls.get(d), found.entry.body, election.manifest.anonymity) : c2.checkChallenge(params, found.entry.body);
      shown = { ok: true, found, checked };
    } catch (exc) {
      shown = { ok: false, found, problem: exc.message };
    }
    say("progress", "");
    render();
  } catch (exc) {
    say("progress", "");
    if (exc instanceof BoardError && exc.reason === "not_found") say("message", t("tracking.not_found"), "error");
    else if (exc instanceof BoardError) say("message", t("error.board", { reason: exc.reason, detail: exc.detail }), "error");
    else say("message", exc.message, "error");
  }
}
function isMode() {
  return election !== null && election.manifest.coercion === FAKE_CREDENTIALS;
}
function render() {
  fill("board", t("checker.board", { board: boardUrl() }));
  if (shown === null) return;
  const manifest = election.manifest;
  const { found } = shown;
  if (!shown.ok) {
    fill(
      "result",
      h("h2", { id: "result-heading", tabindex: "-1" }, t("checker.failed_heading")),
      h("p", { class: "bad", id: "verdict" }, t("checker.failed")),
      h("p", {}, h("code", {}, shown.problem))
    );
  } else {
    const { checked } = shown;
    const rows = manifest.questions.map((q, i) => {
      const labels = q.options.filter((_, j) => checked.choices[i][j] === 1).map((o) => localText(o.label));
      return [h("dt", {}, localText(q.text)), h("dd", { class: "chosen" }, labels.length ? labels.join(", ") : t("checker.nothing"))];
    });
    fill(
      "result",
      h("h2", { id: "result-heading", tabindex: "-1" }, t("checker.ok_heading")),
      h("p", { class: "good", id: "verdict" }, t("checker.ok")),
      isMode() ? h("p", { id: "mode-proved" }, t("checker.mode_ok")) : null,
      h(
        "dl",
        {},
        h("dt", {}, t("receipt.tracking")),
        h("dd", {}, h("code", { class: "grouped" }, trackingGroups(found.tracking))),
        h("dt", {}, t("tracking.district")),
        h("dd", {}, districtName(manifest, checked.district)),
        rows
      ),
      h("p", { class: "compare" }, t("checker.compare"))
    );
  }
  document.getElementById("result-heading").focus();
}
initLanguage();
onLanguageChange(render);
render();
document.getElementById("check-form").addEventListener("submit", check);
document.body.dataset.ready = "1";
