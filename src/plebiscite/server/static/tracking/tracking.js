// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 8a45d5741d457588af620bf2e9eaf3d9779e1daa06432baf38c5d8866c468b2a

// src/pages/tracking.js
import * as c from "../booth/booth-crypto.js";
import {
  BoardError,
  checkerUrl,
  districtName,
  fill,
  formatTime,
  getJSON,
  h,
  headAt,
  headVerifies,
  initLanguage,
  loadElection,
  onLanguageChange,
  say,
  scanEntries,
  t,
  trackingGroups,
  trackingProblem
} from "../common/common.js";
var election = null;
var params = null;
var shown = null;
async function lookUp(event) {
  event.preventDefault();
  say("message", "");
  const code = document.getElementById("code").value;
  try {
    c.parseTracking(code);
  } catch (exc) {
    say("message", trackingProblem(exc), "error");
    return;
  }
  say("progress", t("tracking.searching"));
  try {
    if (election === null) {
      election = await loadElection();
      if (election.open && election.electionKey && election.manifest.group === "secp256k1") {
        params = c.electionParamsFromManifest(election.manifest, election.electionKey.joint_key, election.open.election_ctx);
      }
    }
    const found = await getJSON(`/tracking/${encodeURIComponent(code.trim())}`);
    const entry = found.entry;
    let recomputed = null;
    if (params !== null) {
      recomputed = c.formatTracking(recomputedTracking(entry));
    }
    const head = await headAt(entry.index);
    let supersededBy = null;
    if (entry.kind === "ballot" && !isMode()) supersededBy = await superseding(entry);
    shown = { found, recomputed, head, supersededBy };
    render();
    say("progress", "");
  } catch (exc) {
    say("progress", "");
    if (exc instanceof BoardError && exc.reason === "not_found") say("message", t("tracking.not_found"), "error");
    else if (exc instanceof BoardError) say("message", t("error.board", { reason: exc.reason, detail: exc.detail }), "error");
    else say("message", t("tracking.check_failed", { detail: exc.message }), "error");
  }
}
function isMode() {
  return election !== null && election.manifest.coercion === "fake-credentials";
}
function recomputedTracking(entry) {
  if (isMode()) {
    const decode = entry.kind === "ballot" ? c.decodeCredentialBallot : c.decodeCredentialChallenge;
    return decode(params, entry.body).tracking;
  }
  const checked = entry.kind === "ballot" ? c.checkBallot(params, entry.body) : c.checkChallenge(params, entry.body);
  return checked.tracking;
}
async function superseding(entry) {
  const named = (e) => e.body.head && Number.isSafeInteger(e.body.head.index) ? e.body.head.index : -1;
  let best = null;
  let bestHead = named(entry);
  await scanEntries(entry.index + 1, (later) => {
    if (later.kind !== "ballot" || later.body.credential !== entry.body.credential) return false;
    if (named(later) < bestHead) return false;
    if (params !== null) {
      try {
        c.checkBallot(params, later.body);
      } catch {
        return false;
      }
    }
    best = later;
    bestHead = named(later);
    return false;
  });
  return best === null ? null : { index: best.index, time: best.time };
}
function render() {
  if (shown === null) return;
  const { found, recomputed, head, supersededBy } = shown;
  const entry = found.entry;
  const manifest = election.manifest;
  const receiptOk = head !== null && head.entry_hash === entry.hash && head.time === entry.time && headVerifies(c, head, manifest.keys.board);
  let standing;
  if (entry.kind === "challenge") standing = t("tracking.is_challenge");
  else if (isMode()) standing = t("tracking.mode_standing");
  else if (supersededBy !== null) {
    standing = t("tracking.superseded", { index: supersededBy.index, time: formatTime(supersededBy.time) });
  } else standing = t("tracking.latest");
  const checker = checkerUrl();
  fill(
    "result",
    h("h2", { id: "result-heading", tabindex: "-1" }, t("tracking.found_heading")),
    h(
      "dl",
      {},
      h("dt", {}, t("tracking.kind")),
      h("dd", { id: "kind" }, entry.kind === "ballot" ? t("tracking.kind_ballot") : t("tracking.kind_challenge")),
      h("dt", {}, t("receipt.tracking")),
      h("dd", {}, h("code", { class: "grouped" }, trackingGroups(found.tracking))),
      h("dt", {}, t("tracking.recomputed")),
      h(
        "dd",
        { id: "recomputed" },
        recomputed === null ? t("tracking.not_recomputed") : recomputed === found.tracking ? t("tracking.matches") : t("tracking.differs")
      ),
      h("dt", {}, t("tracking.district")),
      h("dd", {}, districtName(manifest, entry.body.district)),
      h("dt", {}, t("receipt.index")),
      h("dd", { id: "entry-index" }, String(entry.index)),
      h("dt", {}, t("receipt.time")),
      h("dd", {}, formatTime(entry.time)),
      h("dt", {}, t("tracking.entry_hash")),
      h("dd", {}, h("code", { class: "hash" }, entry.hash)),
      h("dt", {}, t("receipt.signature")),
      h("dd", { id: "receipt-status" }, head === null ? t("tracking.no_receipt") : receiptOk ? t("receipt.verified") : t("receipt.not_verified")),
      h("dt", {}, t("tracking.standing")),
      h("dd", { id: "standing" }, standing)
    ),
    entry.kind === "challenge" ? h("p", {}, checker ? h("a", { href: checker, rel: "noreferrer" }, t("booth.open_checker")) : t("booth.checker_elsewhere")) : null
  );
  document.getElementById("result-heading").focus();
}
initLanguage();
onLanguageChange(render);
document.getElementById("lookup-form").addEventListener("submit", lookUp);
document.body.dataset.ready = "1";
