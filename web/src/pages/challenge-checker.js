/**
 * The challenge checker, a static page hosted apart from the board: the voter enters the tracking
 * hash of a ballot she challenged; the page reads the posted challenge and the election's
 * parameters from the board, re-encrypts every option from the revealed choice and randomness,
 * checks the tracking hash and every proof (booth-crypto.js checkChallenge), and shows the option
 * labels the device encrypted, for her to compare with what she chose.
 *
 * In the mode fake-credentials (docs/spec.md §16.5) the page reads the election as the booth does
 * (election-check.js: signatures, the registrars' roll chunks combined and their roots, both
 * contexts) and checks the challenge against its district's roll as V10 does
 * (checkCredentialChallenge): the openings, the tracking hash, the anonymity set, the roll-pointer
 * and credential proofs and every option's proofs. It says in plain words what that proves, and
 * that it reveals nothing of the credential, real or fake.
 */

import * as c from '../booth/booth-crypto.js';
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
  trackingProblem,
} from './common.js';
import { loadCheckedElection } from './election-check.js';

const FAKE_CREDENTIALS = 'fake-credentials';

let election = null;
let params = null;
let shown = null;

async function check(event) {
  event.preventDefault();
  say('message', '');
  shown = null;
  fill('result');
  const code = document.getElementById('code').value;
  try {
    c.parseTracking(code);
  } catch (exc) {
    say('message', trackingProblem(exc), 'error');
    return;
  }
  say('progress', t('checker.checking'));
  try {
    if (election === null) {
      let loaded = await loadElection();
      // the mode's challenge is checked against its district's roll: read it checked, as the booth
      if (loaded.manifest.coercion === FAKE_CREDENTIALS) loaded = await loadCheckedElection();
      if (!loaded.open || !loaded.electionKey) throw new Error(t('booth.not_open'));
      params = c.electionParamsFromManifest(loaded.manifest, loaded.electionKey.joint_key, loaded.open.election_ctx);
      election = loaded;
    }
    const found = await getJSON(`/tracking/${encodeURIComponent(code.trim())}`);
    if (found.kind !== 'challenge') {
      say('progress', '');
      say('message', t('checker.not_a_challenge'), 'error');
      return;
    }
    try {
      const checked = isMode()
        ? c.checkCredentialChallenge(params, (d) => election.rolls.get(d), found.entry.body, election.manifest.anonymity)
        : c.checkChallenge(params, found.entry.body);
      shown = { ok: true, found, checked };
    } catch (exc) {
      shown = { ok: false, found, problem: exc.message };
    }
    say('progress', '');
    render();
  } catch (exc) {
    say('progress', '');
    if (exc instanceof BoardError && exc.reason === 'not_found') say('message', t('tracking.not_found'), 'error');
    else if (exc instanceof BoardError) say('message', t('error.board', { reason: exc.reason, detail: exc.detail }), 'error');
    else say('message', exc.message, 'error');
  }
}

function isMode() {
  return election !== null && election.manifest.coercion === FAKE_CREDENTIALS;
}

function render() {
  fill('board', t('checker.board', { board: boardUrl() }));
  if (shown === null) return;
  const manifest = election.manifest;
  const { found } = shown;
  if (!shown.ok) {
    fill(
      'result',
      h('h2', { id: 'result-heading', tabindex: '-1' }, t('checker.failed_heading')),
      h('p', { class: 'bad', id: 'verdict' }, t('checker.failed')),
      h('p', {}, h('code', {}, shown.problem)),
    );
  } else {
    const { checked } = shown;
    const rows = manifest.questions.map((q, i) => {
      const labels = q.options.filter((_, j) => checked.choices[i][j] === 1).map((o) => localText(o.label));
      return [h('dt', {}, localText(q.text)), h('dd', { class: 'chosen' }, labels.length ? labels.join(', ') : t('checker.nothing'))];
    });
    fill(
      'result',
      h('h2', { id: 'result-heading', tabindex: '-1' }, t('checker.ok_heading')),
      h('p', { class: 'good', id: 'verdict' }, t('checker.ok')),
      isMode() ? h('p', { id: 'mode-proved' }, t('checker.mode_ok')) : null,
      h(
        'dl',
        {},
        h('dt', {}, t('receipt.tracking')),
        h('dd', {}, h('code', { class: 'grouped' }, trackingGroups(found.tracking))),
        h('dt', {}, t('tracking.district')),
        h('dd', {}, districtName(manifest, checked.district)),
        rows,
      ),
      h('p', { class: 'compare' }, t('checker.compare')),
    );
  }
  document.getElementById('result-heading').focus();
}

initLanguage();
onLanguageChange(render);
render();
document.getElementById('check-form').addEventListener('submit', check);
document.body.dataset.ready = '1';
