// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 8a45d5741d457588af620bf2e9eaf3d9779e1daa06432baf38c5d8866c468b2a

// src/pages/fake-sheet.js
import * as c2 from "../booth/booth-crypto.js";
import { downloadJson, fill, h, initLanguage, onLanguageChange, say, t, trackingGroups } from "../common/common.js";

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
async function loadRegistration(sheetFile) {
  const { entries, manifest, electionId, authorityKey, ceremonyCtx } = await readBoard();
  const { district, registrar, position } = sheetFile.sheet;
  if (!c.bytesEqual(electionId, sheetFile.electionId)) {
    throw new ElectionCheckError("entry 0", "body.election_id: not the sheet's election");
  }
  const registrars = registrarKeys(manifest);
  const districts = /* @__PURE__ */ new Map([[district, { registrars: /* @__PURE__ */ new Map() }]]);
  let K = null;
  for (const entry of entries.slice(1)) {
    const where = `entry ${entry.index} (${entry.kind})`;
    if (entry.kind === "election_key" && K === null) {
      requireSigned(entry, authorityKey, electionId, "authority");
      try {
        if (!c.bytesEqual(c.strictHex(entry.body.ceremony_context, "body.ceremony_context", 32), ceremonyCtx)) {
          throw new ElectionCheckError(where, "body.ceremony_context: not this election's");
        }
        K = c.pointFromHex(entry.body.joint_key, "body.joint_key");
      } catch (exc) {
        if (exc instanceof ElectionCheckError) throw exc;
        throw new ElectionCheckError(where, exc.message);
      }
    } else if (entry.kind === "registrar_roll" && isObject(entry.body) && entry.body.registrar === registrar && entry.body.district === district) {
      addRegistrarChunk(entry, where, registrars, districts, electionId);
    }
  }
  const posted = districts.get(district).registrars.get(registrar);
  if (K === null) throw new ElectionCheckError("board", "the election key is not on the board yet");
  if (posted === void 0 || position >= posted.entries.length) {
    throw new ElectionCheckError(
      "board",
      `registrar ${registrar} has posted no roll entry at position ${position} of district ${district}`
    );
  }
  return { K, ceremonyCtx, entry: posted.entries[position] };
}

// src/pages/fake-sheet.js
var STORE = "plebiscite-sheet-public-v1";
var shown = null;
var Refusal = class extends Error {
};
async function fileText(id) {
  const input = document.getElementById(id);
  const file = input.files && input.files[0];
  return file ? { text: await file.text(), name: file.name } : null;
}
function parseJson(text, key) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(t(key, { detail: "JSON" }));
  }
}
async function readSheet() {
  const loaded = await fileText("sheet-file");
  const pasted = document.getElementById("sheet-text").value.trim();
  const text = loaded ? loaded.text : pasted;
  if (!text) throw new Refusal(t("fake.no_sheet"));
  try {
    const file = c2.decodeSheetFile(parseJson(text, "fake.bad_sheet"));
    const s = file.sheet;
    return { file, name: loaded ? loaded.name : `${s.position}-r${s.registrar}.json` };
  } catch (exc) {
    if (exc instanceof c2.PlebisciteError) throw new Refusal(t("fake.bad_sheet", { detail: exc.message }));
    throw exc;
  }
}
function storeKey(file) {
  const s = file.sheet;
  return [STORE, c2.toHex(file.electionId), s.district, s.registrar, s.position].join(":");
}
function remembered(file) {
  try {
    const raw = JSON.parse(localStorage.getItem(storeKey(file)) ?? "null");
    if (raw === null) return null;
    return {
      K: c2.pointFromHex(raw.joint_key, "joint key"),
      ceremonyCtx: c2.strictHex(raw.ceremony_ctx, "ceremony context", 32),
      entry: c2.decodeCiphertext(raw.entry, "roll entry", false)
    };
  } catch {
    return null;
  }
}
function remember(file, found) {
  const value = {
    joint_key: c2.pointToHex(found.K),
    ceremony_ctx: c2.toHex(found.ceremonyCtx),
    entry: c2.encodeCiphertext(found.entry)
  };
  try {
    localStorage.setItem(storeKey(file), JSON.stringify(value));
  } catch {
  }
}
async function publicValues(file, fromBoard) {
  const kept = fromBoard ? null : remembered(file);
  if (kept !== null) return kept;
  let found;
  try {
    found = await loadRegistration(file);
  } catch (exc) {
    if (exc instanceof ElectionCheckError || exc instanceof c2.PlebisciteError) {
      throw new Refusal(t("fake.board_failed", { detail: exc.message }));
    }
    throw new Refusal(t("fake.not_checked_here"));
  }
  remember(file, found);
  return found;
}
function checkReal(file, values) {
  try {
    c2.checkSheet(values.K, file.designated, values.ceremonyCtx, file.sheet, values.entry);
  } catch (exc) {
    if (exc instanceof c2.ProofError) throw new Refusal(t("fake.real_fails"));
    throw exc;
  }
}
async function run(action, progressKey) {
  say("message", "");
  shown = null;
  fill("result");
  const buttons = [document.getElementById("check-button"), document.getElementById("make-button")];
  buttons.forEach((b) => b.disabled = true);
  say("progress", t(progressKey));
  try {
    shown = await action();
    say("progress", "");
    render();
    document.getElementById("result-heading").focus();
  } catch (exc) {
    say("progress", "");
    say("message", exc instanceof Refusal ? exc.message : String(exc.message ?? exc), "error");
  } finally {
    buttons.forEach((b) => b.disabled = false);
  }
}
async function check() {
  const { file } = await readSheet();
  checkReal(file, await publicValues(file, true));
  return { kind: "checked", sheet: file.sheet };
}
async function make() {
  const { file, name } = await readSheet();
  const key = await fileText("key-file");
  if (!key) throw new Refusal(t("fake.no_key"));
  let v;
  try {
    v = c2.decodeDesignatedKey(parseJson(key.text, "fake.bad_key"), file.designated);
  } catch (exc) {
    if (exc instanceof c2.PlebisciteError) throw new Refusal(t("fake.bad_key", { detail: exc.message }));
    throw exc;
  }
  const values = await publicValues(file, false);
  checkReal(file, values);
  const fake = c2.fakeSheet(values.K, v, values.ceremonyCtx, file.sheet, values.entry);
  c2.checkSheet(values.K, file.designated, values.ceremonyCtx, fake, values.entry);
  document.getElementById("sheet-text").value = "";
  return { kind: "fake", name, json: c2.sheetFileJson({ electionId: file.electionId, designated: file.designated, sheet: fake }) };
}
function render() {
  if (shown === null) return;
  if (shown.kind === "checked") {
    const s = shown.sheet;
    fill(
      "result",
      h("h2", { id: "result-heading", tabindex: "-1" }, t("fake.check_heading")),
      h("p", { class: "good", id: "sheet-checked" }, t("fake.check_ok", { registrar: s.registrar, position: s.position, district: s.district }))
    );
    return;
  }
  const { json, name } = shown;
  fill(
    "result",
    h("h2", { id: "result-heading", tabindex: "-1" }, t("fake.done_heading")),
    h("p", {}, t("fake.done")),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, t("fake.share")),
      h("dd", {}, h("code", { class: "share grouped", id: "fake-share" }, trackingGroups(c2.groupedShare(json.share)))),
      h("dt", {}, t("fake.district")),
      h("dd", { id: "fake-district" }, json.district),
      h("dt", {}, t("fake.position")),
      h("dd", { id: "fake-position" }, String(json.position)),
      h("dt", {}, t("fake.registrar")),
      h("dd", { id: "fake-registrar" }, String(json.registrar))
    ),
    h("p", { class: "good", id: "fake-checked" }, t("fake.checked")),
    h("div", { class: "actions" }, h("button", { type: "button", id: "save", class: "primary", onclick: () => downloadJson(name, json) }, t("fake.save")))
  );
}
initLanguage();
onLanguageChange(render);
document.getElementById("fake-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(make, "fake.working");
});
document.getElementById("check-button").addEventListener("click", () => run(check, "fake.checking"));
document.body.dataset.ready = "1";
