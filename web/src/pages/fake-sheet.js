/**
 * The fake-sheet page of the fake-credentials mode (docs/spec.md §16.3–§16.4,
 * docs/fake-credentials.md), on the voter's own device.
 *
 * Check: the voter loads one of her sheet files (`plebiscite-sheet-v1`); the page reads from the
 * board what the sheet is checked against (election-check.js loadRegistration: K, the ceremony
 * context and registrar j's posted R_j at her position, every entry's signature checked) and checks
 * the designated-verifier proof, as `plebiscite credentials check` does. Those public values are
 * kept on the device (localStorage), never the share.
 *
 * Make a fake: with the sheet and her designated-verifier key file (`plebiscite-designated-v1`)
 * the page checks the real sheet again, writes a fake one of the same form — the same election,
 * district, position, registrar and designated key, a fresh share with valid check characters, a
 * proof simulated with v (booth-crypto.js fakeSheet, the model's fake_sheet) — checks that it
 * passes the same check, shows its code and saves it as a file, as `plebiscite credentials fake`
 * writes it. Once the device holds the sheet's public values this needs no network, and makes no
 * request. The real share is never shown.
 */

import * as c from '../booth/booth-crypto.js';
import { downloadJson, fill, h, initLanguage, onLanguageChange, say, t, trackingGroups } from './common.js';
import { ElectionCheckError, loadRegistration } from './election-check.js';

const STORE = 'plebiscite-sheet-public-v1';
let shown = null;

class Refusal extends Error {}

async function fileText(id) {
  const input = document.getElementById(id);
  const file = input.files && input.files[0];
  return file ? { text: await file.text(), name: file.name } : null;
}

function parseJson(text, key) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(t(key, { detail: 'JSON' }));
  }
}

/** The sheet the voter gave (a file, else the pasted text), decoded; Refusal in her words. */
async function readSheet() {
  const loaded = await fileText('sheet-file');
  const pasted = document.getElementById('sheet-text').value.trim();
  const text = loaded ? loaded.text : pasted;
  if (!text) throw new Refusal(t('fake.no_sheet'));
  try {
    const file = c.decodeSheetFile(parseJson(text, 'fake.bad_sheet'));
    const s = file.sheet;
    return { file, name: loaded ? loaded.name : `${s.position}-r${s.registrar}.json` };
  } catch (exc) {
    if (exc instanceof c.PlebisciteError) throw new Refusal(t('fake.bad_sheet', { detail: exc.message }));
    throw exc;
  }
}

function storeKey(file) {
  const s = file.sheet;
  return [STORE, c.toHex(file.electionId), s.district, s.registrar, s.position].join(':');
}

function remembered(file) {
  try {
    const raw = JSON.parse(localStorage.getItem(storeKey(file)) ?? 'null');
    if (raw === null) return null;
    return {
      K: c.pointFromHex(raw.joint_key, 'joint key'),
      ceremonyCtx: c.strictHex(raw.ceremony_ctx, 'ceremony context', 32),
      entry: c.decodeCiphertext(raw.entry, 'roll entry', false),
    };
  } catch {
    return null;
  }
}

function remember(file, found) {
  const value = {
    joint_key: c.pointToHex(found.K),
    ceremony_ctx: c.toHex(found.ceremonyCtx),
    entry: c.encodeCiphertext(found.entry),
  };
  try {
    localStorage.setItem(storeKey(file), JSON.stringify(value));
  } catch {
    // not kept: the next fake sheet reads the board again
  }
}

/** What the sheet is checked against: kept on this device, else read from the board. */
async function publicValues(file, fromBoard) {
  const kept = fromBoard ? null : remembered(file);
  if (kept !== null) return kept;
  let found;
  try {
    found = await loadRegistration(file);
  } catch (exc) {
    if (exc instanceof ElectionCheckError || exc instanceof c.PlebisciteError) {
      throw new Refusal(t('fake.board_failed', { detail: exc.message }));
    }
    throw new Refusal(t('fake.not_checked_here'));
  }
  remember(file, found);
  return found;
}

function checkReal(file, values) {
  try {
    c.checkSheet(values.K, file.designated, values.ceremonyCtx, file.sheet, values.entry);
  } catch (exc) {
    if (exc instanceof c.ProofError) throw new Refusal(t('fake.real_fails'));
    throw exc;
  }
}

async function run(action, progressKey) {
  say('message', '');
  shown = null;
  fill('result');
  const buttons = [document.getElementById('check-button'), document.getElementById('make-button')];
  buttons.forEach((b) => (b.disabled = true));
  say('progress', t(progressKey));
  try {
    shown = await action();
    say('progress', '');
    render();
    document.getElementById('result-heading').focus();
  } catch (exc) {
    say('progress', '');
    say('message', exc instanceof Refusal ? exc.message : String(exc.message ?? exc), 'error');
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

async function check() {
  const { file } = await readSheet();
  checkReal(file, await publicValues(file, true));
  return { kind: 'checked', sheet: file.sheet };
}

async function make() {
  const { file, name } = await readSheet();
  const key = await fileText('key-file');
  if (!key) throw new Refusal(t('fake.no_key'));
  let v;
  try {
    v = c.decodeDesignatedKey(parseJson(key.text, 'fake.bad_key'), file.designated);
  } catch (exc) {
    if (exc instanceof c.PlebisciteError) throw new Refusal(t('fake.bad_key', { detail: exc.message }));
    throw exc;
  }
  const values = await publicValues(file, false);
  checkReal(file, values);
  const fake = c.fakeSheet(values.K, v, values.ceremonyCtx, file.sheet, values.entry);
  c.checkSheet(values.K, file.designated, values.ceremonyCtx, fake, values.entry);
  document.getElementById('sheet-text').value = '';
  return { kind: 'fake', name, json: c.sheetFileJson({ electionId: file.electionId, designated: file.designated, sheet: fake }) };
}

function render() {
  if (shown === null) return;
  if (shown.kind === 'checked') {
    const s = shown.sheet;
    fill(
      'result',
      h('h2', { id: 'result-heading', tabindex: '-1' }, t('fake.check_heading')),
      h('p', { class: 'good', id: 'sheet-checked' }, t('fake.check_ok', { registrar: s.registrar, position: s.position, district: s.district })),
    );
    return;
  }
  const { json, name } = shown;
  fill(
    'result',
    h('h2', { id: 'result-heading', tabindex: '-1' }, t('fake.done_heading')),
    h('p', {}, t('fake.done')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('fake.share')),
      h('dd', {}, h('code', { class: 'share grouped', id: 'fake-share' }, trackingGroups(c.groupedShare(json.share)))),
      h('dt', {}, t('fake.district')),
      h('dd', { id: 'fake-district' }, json.district),
      h('dt', {}, t('fake.position')),
      h('dd', { id: 'fake-position' }, String(json.position)),
      h('dt', {}, t('fake.registrar')),
      h('dd', { id: 'fake-registrar' }, String(json.registrar)),
    ),
    h('p', { class: 'good', id: 'fake-checked' }, t('fake.checked')),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'save', class: 'primary', onclick: () => downloadJson(name, json) }, t('fake.save'))),
  );
}

initLanguage();
onLanguageChange(render);
document.getElementById('fake-form').addEventListener('submit', (event) => {
  event.preventDefault();
  run(make, 'fake.working');
});
document.getElementById('check-button').addEventListener('click', () => run(check, 'fake.checking'));
document.body.dataset.ready = '1';
