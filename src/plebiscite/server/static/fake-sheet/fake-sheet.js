// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 3839497eb2bc9ce7642ad8507c4451571078718419d71ffb33f784a8d74707fa

// src/pages/fake-sheet.js
import * as c from "../booth/booth-crypto.js";
import { downloadJson, fill, h, initLanguage, onLanguageChange, say, t, trackingGroups } from "../common/common.js";
var made = null;
async function textOf(input) {
  const file = input.files && input.files[0];
  return file ? { text: await file.text(), name: file.name } : null;
}
function parseJson(text, problem) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(t(problem, { detail: "JSON" }));
  }
}
async function readInputs() {
  const loaded = await textOf(document.getElementById("sheet-file"));
  const pasted = document.getElementById("sheet-text").value.trim();
  const sheetText = loaded ? loaded.text : pasted;
  if (!sheetText) throw new Error(t("fake.no_sheet"));
  const key = await textOf(document.getElementById("key-file"));
  if (!key) throw new Error(t("fake.no_key"));
  let sheet;
  try {
    sheet = c.decodeSheetFile(parseJson(sheetText, "fake.bad_sheet"));
  } catch (exc) {
    if (exc instanceof c.PlebisciteError) throw new Error(t("fake.bad_sheet", { detail: exc.message }));
    throw exc;
  }
  let device;
  try {
    device = c.decodeDeviceKey(parseJson(key.text, "fake.bad_key"));
  } catch (exc) {
    if (exc instanceof c.PlebisciteError) throw new Error(t("fake.bad_key", { detail: exc.message }));
    throw exc;
  }
  const name = loaded ? loaded.name : `sheet-${sheet.sheet.district}-${sheet.sheet.registrar}.json`;
  return { sheet, device, name };
}
async function make(event) {
  event.preventDefault();
  say("message", "");
  made = null;
  fill("result");
  const button = document.getElementById("make-button");
  button.disabled = true;
  say("progress", t("fake.working"));
  try {
    const { sheet, device, name } = await readInputs();
    const { K, ceremonyCtx, entry } = sheet;
    try {
      c.checkSheet(K, device.V, ceremonyCtx, sheet.sheet, entry);
    } catch (exc) {
      if (exc instanceof c.ProofError) throw new Error(t("fake.real_fails"));
      throw exc;
    }
    const fake = c.fakeSheet(K, device.v, ceremonyCtx, sheet.sheet, entry);
    c.checkSheet(K, device.V, ceremonyCtx, fake, entry);
    made = { file: c.sheetFileJson({ ceremonyCtx, K, entry, sheet: fake }), name };
    document.getElementById("sheet-text").value = "";
    say("progress", "");
    render();
    document.getElementById("result-heading").focus();
  } catch (exc) {
    say("progress", "");
    say("message", exc.message, "error");
  } finally {
    button.disabled = false;
  }
}
function render() {
  if (made === null) return;
  const { file, name } = made;
  fill(
    "result",
    h("h2", { id: "result-heading", tabindex: "-1" }, t("fake.done_heading")),
    h("p", {}, t("fake.done")),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, t("fake.share")),
      h("dd", {}, h("code", { class: "share grouped", id: "fake-share" }, trackingGroups(c.groupedShare(file.share)))),
      h("dt", {}, t("fake.district")),
      h("dd", { id: "fake-district" }, file.district),
      h("dt", {}, t("fake.position")),
      h("dd", { id: "fake-position" }, String(file.position)),
      h("dt", {}, t("fake.registrar")),
      h("dd", { id: "fake-registrar" }, String(file.registrar))
    ),
    h("p", { class: "good", id: "fake-checked" }, t("fake.checked")),
    h("div", { class: "actions" }, h("button", { type: "button", id: "save", class: "primary", onclick: () => downloadJson(name, file) }, t("fake.save")))
  );
}
initLanguage();
onLanguageChange(render);
document.getElementById("fake-form").addEventListener("submit", make);
document.body.dataset.ready = "1";
