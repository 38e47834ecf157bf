// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 8a45d5741d457588af620bf2e9eaf3d9779e1daa06432baf38c5d8866c468b2a

// src/pages/booth.js
import * as c2 from "./booth-crypto.js";
import {
  BoardError,
  checkerUrl,
  districtName,
  downloadJson,
  fill,
  formatTime,
  h,
  headVerifies,
  initLanguage,
  localText,
  onLanguageChange,
  postJSON,
  RECEIPT_FORMAT,
  say,
  getJSON as getJSON2,
  t,
  trackingGroups
} from "../common/common.js";

// src/pages/election-check.js
import * as c from "./booth-crypto.js";
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
function addRegistrarChunk(entry, where, registrars2, districts, electionId) {
  const body = field(entry.body, isObject, where, "body");
  const j = field(body.registrar, (v) => isIndex(v) && v >= 1 && v <= registrars2.length, where, "body.registrar");
  requireSigned(entry, registrars2[j - 1], electionId, `registrar ${j}`);
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
  const registrars2 = manifest.coercion === "fake-credentials" ? registrarKeys(manifest) : null;
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
    } else if (entry.kind === "registrar_roll" && registrars2 !== null) {
      if (final !== null) throw new ElectionCheckError(where2, "a roll chunk after the final entry");
      addRegistrarChunk(entry, where2, registrars2, districts, electionId);
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
  if (registrars2 !== null) found.rolls = combineRolls(districts, registrars2.length, where);
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

// src/pages/booth.js
var FAKE_CREDENTIALS = "fake-credentials";
var STEPS = ["step-credential", "step-choose", "step-tracking", "step-done"];
var state = {
  election: null,
  // {manifest, electionKey, open, roll, electionContext}: checked, not trusted
  params: null,
  key: null,
  // {secret, xonly}: never leaves this page
  sigma: null,
  // the mode fake-credentials: the credential σ from the sheets, never leaves this page
  position: null,
  // … and the voter's roll position
  members: null,
  // … and the anonymity set drawn once for them, kept across challenges (§16.5)
  district: null,
  selections: null,
  opened: null,
  challenged: [],
  // tracking hashes (text) challenged in this visit
  receipt: null,
  fatal: null,
  checkError: null
  // the ElectionCheckError that stopped the booth, shown in each language
};
function show(step, focus = true) {
  for (const id of STEPS) document.getElementById(id).hidden = id !== step;
  const heading = document.querySelector(`#${step} h2`);
  if (heading && focus) heading.focus();
}
function fail(text) {
  say("message", text, "error");
}
function explain(exc) {
  if (exc instanceof ElectionCheckError) return t("booth.check_failed", { detail: exc.message });
  if (exc instanceof BoardError) return t("error.board", { reason: exc.reason, detail: exc.detail });
  return exc && exc.message ? exc.message : String(exc);
}
function renderElection() {
  const e = state.election;
  if (!e) return;
  fill("election-title", localText(e.manifest.title));
  const w = e.manifest.window;
  fill("election-window", t("booth.window", { opens: formatTime(w.opens), closes: formatTime(w.closes) }));
  fill("checkers", checkerList());
}
function manifestCheckers() {
  const listed = state.election && Array.isArray(state.election.manifest.checkers) ? state.election.manifest.checkers : [];
  const shown = [];
  for (const item of listed) {
    if (!item || typeof item.url !== "string") continue;
    let url;
    try {
      url = new URL(item.url);
    } catch {
      continue;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") continue;
    shown.push({ name: localText(item.name) || item.url, url: url.href });
  }
  return shown;
}
function checkerList() {
  const checkers = manifestCheckers();
  if (checkers.length === 0) return null;
  return [
    h("p", {}, t("booth.checkers_listed")),
    h("ul", { class: "checkers" }, checkers.map((k) => h("li", {}, h("a", { href: k.url, rel: "noreferrer" }, k.name))))
  ];
}
function ready() {
  document.body.dataset.ready = "1";
}
async function start() {
  initLanguage();
  onLanguageChange(() => {
    renderElection();
    renderSheetsForm();
    renderChoices();
    renderTracking();
    renderReceipt();
    if (state.fatal) fail(t(state.fatal));
    else if (state.checkError) fail(explain(state.checkError));
  });
  if (!globalThis.crypto || typeof globalThis.crypto.getRandomValues !== "function") {
    state.fatal = "booth.no_random";
    document.getElementById("credential-form").hidden = true;
    fail(t(state.fatal));
    ready();
    return;
  }
  try {
    state.election = await loadCheckedElection();
    renderElection();
    const status = await getJSON2("/status");
    if (state.election.manifest.group !== "secp256k1") state.fatal = "booth.not_secp256k1";
    else if (!state.election.open || !state.election.electionKey) state.fatal = "booth.not_open";
    else if (status.close_index !== null && status.close_index !== void 0) state.fatal = "booth.closed";
    if (state.fatal) {
      document.getElementById("credential-form").hidden = true;
      fail(t(state.fatal));
      ready();
      return;
    }
    state.params = c2.electionParamsFromManifest(
      state.election.manifest,
      state.election.electionKey.joint_key,
      state.election.electionContext
    );
  } catch (exc) {
    document.getElementById("credential-form").hidden = true;
    if (exc instanceof ElectionCheckError) {
      state.checkError = exc;
      fail(explain(exc));
    } else {
      fail(t("booth.load_failed", { detail: explain(exc) }));
    }
    ready();
    return;
  }
  if (isMode()) {
    showSheetsForm();
  } else {
    document.getElementById("credential-form").addEventListener("submit", onCredential);
    document.getElementById("qr").addEventListener("change", onQrImage);
  }
  document.getElementById("choice-form").addEventListener("submit", onChoose);
  document.getElementById("cast").addEventListener("click", onCast);
  document.getElementById("challenge").addEventListener("click", onChallenge);
  document.getElementById("again").addEventListener("click", () => {
    state.opened = null;
    say("message", "");
    renderChoices();
    show("step-choose");
  });
  document.getElementById("save-receipt").addEventListener("click", () => {
    if (state.receipt) downloadJson(`${state.receipt.head.index}-ballot.json`, state.receipt);
  });
  document.getElementById("finish").addEventListener("click", () => {
    state.key = null;
    state.sigma = null;
    state.members = null;
    state.opened = null;
    state.selections = null;
    location.reload();
  });
  show("step-credential", false);
  ready();
}
async function onQrImage(event) {
  const file = event.target.files && event.target.files[0];
  if (!file) return;
  try {
    const bitmap = await createImageBitmap(file);
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const jsQR = globalThis.jsQR;
    if (typeof jsQR !== "function") throw new Error("jsQR is not loaded");
    const code = jsQR(pixels.data, pixels.width, pixels.height);
    if (!code || !code.data) {
      fail(t("booth.qr_unreadable"));
      return;
    }
    document.getElementById("credential").value = code.data.trim();
    say("message", t("booth.qr_read"), "info");
  } catch {
    fail(t("booth.qr_unreadable"));
  } finally {
    event.target.value = "";
  }
}
async function onCredential(event) {
  event.preventDefault();
  say("message", "");
  const input = document.getElementById("credential");
  let credential;
  try {
    credential = c2.parseCredential(input.value);
  } catch (exc) {
    fail(t("booth.credential_invalid", { detail: exc.message }));
    input.focus();
    return;
  }
  const button = document.getElementById("credential-submit");
  button.disabled = true;
  const progress = document.getElementById("derive-progress");
  progress.textContent = t("booth.deriving");
  try {
    const kdf = state.params.kdf;
    state.key = await c2.deriveSigningKey(credential, state.params.electionId, kdf, (fraction) => {
      progress.textContent = t("booth.deriving_progress", { percent: Math.round(fraction * 100) });
    });
  } catch (exc) {
    fail(explain(exc));
    button.disabled = false;
    return;
  }
  input.value = "";
  progress.textContent = "";
  button.disabled = false;
  const district = state.election.roll.get(c2.toHex(state.key.xonly));
  if (district === void 0) {
    state.key = null;
    fail(t("booth.not_on_roll"));
    return;
  }
  state.district = district;
  renderChoices();
  show("step-choose");
}
function isMode() {
  return Boolean(state.election) && state.election.manifest.coercion === FAKE_CREDENTIALS;
}
function registrars() {
  return state.election.manifest.registrars;
}
function showSheetsForm() {
  document.getElementById("credential-form").hidden = true;
  document.getElementById("credential-help").hidden = true;
  document.getElementById("h-credential").dataset.i18n = "booth.step_sheets";
  document.getElementById("sheets-form").hidden = false;
  document.getElementById("fake-note").hidden = false;
  document.getElementById("mode-challenge-note").hidden = false;
  document.getElementById("revote-note").dataset.i18n = "booth.mode_revote";
  document.getElementById("revote-note").textContent = t("booth.mode_revote");
  renderSheetsForm();
  document.getElementById("sheets-form").addEventListener("submit", onSheets);
  document.getElementById("sheet-files").addEventListener("change", onSheetFiles);
}
function renderSheetsForm() {
  if (!isMode()) return;
  document.getElementById("h-credential").textContent = t("booth.step_sheets");
  const select = document.getElementById("sheet-district");
  const chosen = select.value;
  fill("sheet-district", state.election.manifest.districts.map((d) => h("option", { value: d.id }, localText(d.name))));
  if (chosen) select.value = chosen;
  const typed = registrars().map((_, j) => document.getElementById(`share-${j + 1}`)?.value ?? "");
  fill(
    "share-fields",
    registrars().map(
      (r, j) => h(
        "div",
        { class: "field" },
        h("label", { for: `share-${j + 1}` }, t("booth.share_label", { registrar: j + 1, name: localText(r.name) })),
        h("input", { id: `share-${j + 1}`, type: "text", class: "wide", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", value: typed[j] })
      )
    )
  );
}
async function onSheetFiles(event) {
  say("message", "");
  const files = [...event.target.files || []];
  try {
    const read = [];
    for (const file of files) read.push(c2.decodeSheetFile(JSON.parse(await file.text())));
    const first = read[0];
    if (!first) return;
    const electionId = state.election.manifest.election_id;
    const registrarsSeen = new Set(read.map((f) => f.sheet.registrar));
    if (registrarsSeen.size !== read.length || read.some((f) => c2.toHex(f.electionId) !== electionId || f.sheet.district !== first.sheet.district || f.sheet.position !== first.sheet.position)) {
      fail(t("booth.sheets_mixed"));
      return;
    }
    document.getElementById("sheet-district").value = first.sheet.district;
    document.getElementById("sheet-position").value = String(first.sheet.position);
    for (const f of read) {
      const input = document.getElementById(`share-${f.sheet.registrar}`);
      if (input) input.value = c2.groupedShare(f.sheet.share);
    }
  } catch (exc) {
    fail(t("booth.sheets_invalid", { detail: exc instanceof SyntaxError ? "JSON" : explain(exc) }));
  } finally {
    event.target.value = "";
  }
}
function onSheets(event) {
  event.preventDefault();
  say("message", "");
  const district = document.getElementById("sheet-district").value;
  const text = document.getElementById("sheet-position").value.trim();
  const position = /^[0-9]{1,9}$/.test(text) ? Number(text) : -1;
  const roll = state.election.rolls.get(district);
  if (roll === void 0 || position < 0 || position >= roll.length) {
    fail(t("booth.position_invalid", { position: text }));
    return;
  }
  let shares;
  try {
    shares = registrars().map((_, j) => c2.parseShare(document.getElementById(`share-${j + 1}`).value));
  } catch (exc) {
    fail(t("booth.sheets_invalid", { detail: exc.message }));
    return;
  }
  state.sigma = shares.reduce((acc, x) => (acc + x) % c2.N, 0n);
  state.position = position;
  state.district = district;
  state.members = c2.anonymitySet(roll.length, position, state.election.manifest.anonymity);
  for (let j = 1; j <= registrars().length; j++) document.getElementById(`share-${j}`).value = "";
  renderChoices();
  show("step-choose");
}
function renderChoices() {
  if (!state.params || !state.district) return;
  const manifest = state.election.manifest;
  fill("district", t("booth.district", { district: districtName(manifest, state.district) }));
  const previous = state.selections;
  const boxes = manifest.questions.map((q, i) => {
    const single = q.min === 1 && q.max === 1;
    const hint = single ? t("booth.choose_one") : t("booth.choose_between", { min: q.min, max: q.max });
    return h(
      "fieldset",
      { class: "question" },
      h("legend", {}, localText(q.text)),
      h("p", { class: "hint", id: `hint-${i}` }, hint),
      q.options.map((o, j) => {
        const id = `q${i}-o${j}`;
        const checked = previous ? previous[i][j] === 1 : false;
        return h(
          "div",
          { class: "option" },
          h("input", {
            type: single ? "radio" : "checkbox",
            name: `q${i}`,
            id,
            value: o.id,
            checked,
            "aria-describedby": `hint-${i}`
          }),
          h("label", { for: id }, localText(o.label))
        );
      })
    );
  });
  fill("questions", boxes);
}
function readSelections() {
  const manifest = state.election.manifest;
  return manifest.questions.map(
    (q, i) => q.options.map((_, j) => document.getElementById(`q${i}-o${j}`).checked ? 1 : 0)
  );
}
function encryptAfresh() {
  if (isMode()) {
    const roll = state.election.rolls.get(state.district);
    state.opened = c2.encryptCredentialBallot(state.params, roll, state.district, state.sigma, state.position, state.members, state.selections);
  } else {
    state.opened = c2.encryptBallot(state.params, state.district, state.key.xonly, state.selections);
  }
}
function onChoose(event) {
  event.preventDefault();
  say("message", "");
  const selections = readSelections();
  const manifest = state.election.manifest;
  for (const [i, q] of manifest.questions.entries()) {
    const chosen = selections[i].reduce((s, b) => s + b, 0);
    if (chosen < q.min || chosen > q.max) {
      fail(t("booth.wrong_count", { question: localText(q.text), min: q.min, max: q.max }));
      return;
    }
  }
  state.selections = selections;
  try {
    encryptAfresh();
  } catch (exc) {
    fail(explain(exc));
    return;
  }
  renderTracking();
  show("step-tracking");
}
function renderTracking() {
  if (!state.opened) return;
  fill("tracking", trackingGroups(c2.formatTracking(state.opened.tracking)));
  const list = state.challenged.map((code) => h("li", {}, h("code", { class: "grouped" }, trackingGroups(code))));
  const checker = checkerUrl();
  fill(
    "challenged",
    state.challenged.length === 0 ? null : [
      h("p", {}, t("booth.challenged_note")),
      h("ul", {}, list),
      checker ? h("p", {}, h("a", { href: checker, rel: "noreferrer" }, t("booth.open_checker"))) : manifestCheckers().length === 0 ? h("p", {}, t("booth.checker_elsewhere")) : null,
      checkerList()
    ]
  );
}
async function latestHead() {
  const head = await getJSON2("/head");
  const manifest = state.election.manifest;
  if (head.election_id !== manifest.election_id || !headVerifies(c2, head, manifest.keys.board)) {
    throw new BoardError(0, "bad_head", "the board's latest head is not signed by its key for this election");
  }
  return c2.namedHead(head.index, c2.strictHex(head.entry_hash, "head entry hash", 32));
}
async function onCast() {
  say("message", "");
  const buttons = [document.getElementById("cast"), document.getElementById("challenge")];
  buttons.forEach((b) => b.disabled = true);
  try {
    const body = isMode() ? c2.credentialBallotBody(state.opened) : c2.castBallot(state.opened, state.key, await latestHead());
    const answer = await postJSON("/ballots", body);
    state.receipt = {
      format: RECEIPT_FORMAT,
      kind: "ballot",
      tracking: c2.formatTracking(state.opened.tracking),
      head: answer.receipt
    };
    state.receiptOk = answer.receipt.index === answer.entry.index && answer.receipt.entry_hash === answer.entry.hash && headVerifies(c2, answer.receipt, state.election.manifest.keys.board);
    state.opened = null;
    renderReceipt();
    show("step-done");
  } catch (exc) {
    fail(t("booth.cast_failed", { detail: explain(exc) }));
  } finally {
    buttons.forEach((b) => b.disabled = false);
  }
}
async function onChallenge() {
  say("message", "");
  const buttons = [document.getElementById("cast"), document.getElementById("challenge")];
  buttons.forEach((b) => b.disabled = true);
  const opened = state.opened;
  state.opened = null;
  let refusal = null;
  try {
    await postJSON("/challenges", isMode() ? c2.buildCredentialChallenge(opened) : c2.buildChallenge(opened));
    state.challenged.push(c2.formatTracking(opened.tracking));
  } catch (exc) {
    refusal = exc;
  }
  try {
    encryptAfresh();
  } catch (exc) {
    fail(explain(exc));
    return;
  }
  renderTracking();
  if (refusal === null) say("message", t("booth.challenged_fresh"), "info");
  else fail(t("booth.challenge_failed", { detail: explain(refusal) }));
  buttons.forEach((b) => b.disabled = false);
  document.querySelector("#step-tracking h2").focus();
}
function renderReceipt() {
  const r = state.receipt;
  if (!r) return;
  fill(
    "receipt",
    h("dt", {}, t("receipt.tracking")),
    h("dd", {}, h("code", { id: "receipt-tracking", class: "grouped" }, trackingGroups(r.tracking))),
    h("dt", {}, t("receipt.index")),
    h("dd", { id: "receipt-index" }, String(r.head.index)),
    h("dt", {}, t("receipt.time")),
    h("dd", {}, formatTime(r.head.time)),
    h("dt", {}, t("receipt.signature")),
    h("dd", { id: "receipt-verified", "data-valid": state.receiptOk ? "1" : "0" }, state.receiptOk ? t("receipt.verified") : t("receipt.not_verified"))
  );
}
start();
