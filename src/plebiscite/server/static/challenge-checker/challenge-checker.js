// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: df88039296d4b7239f3d5240480b2c4eefbc0641c7e46b32984f47dc5c37f018

// src/pages/challenge-checker.js
import * as c from "../booth/booth-crypto.js";
import {
  BoardError,
  boardUrl,
  districtName,
  fill,
  getJSON,
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
    c.parseTracking(code);
  } catch (exc) {
    say("message", trackingProblem(exc), "error");
    return;
  }
  say("progress", t("checker.checking"));
  try {
    if (election === null) {
      election = await loadElection();
      if (!election.open || !election.electionKey) throw new Error(t("booth.not_open"));
      params = c.electionParamsFromManifest(election.manifest, election.electionKey.joint_key, election.open.election_ctx);
    }
    const found = await getJSON(`/tracking/${encodeURIComponent(code.trim())}`);
    if (found.kind !== "challenge") {
      say("progress", "");
      say("message", t("checker.not_a_challenge"), "error");
      return;
    }
    try {
      const checked = c.checkChallenge(params, found.entry.body);
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
