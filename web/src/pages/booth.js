/**
 * The web booth (secp256k1 referendums): the voter enters her credential (typed, pasted or read
 * from a QR code image), chooses, and the page encrypts in the browser with booth-crypto.js. It
 * shows the tracking hash, then offers cast (sign with the credential key and post the ballot) or
 * challenge (post the opened ballot for the challenge checker, then encrypt afresh). After a cast
 * it shows the board's signed receipt for the voter to keep; she may vote again.
 *
 * The credential and the derived key stay in this page's memory; the requests carry only the
 * ballot (ciphertexts, proofs, the credential's public key, the nonce, its signature) or, for a
 * challenge, the opened ballot that is never cast and names no credential (only its binding).
 *
 * In the mode fake-credentials (docs/spec.md §16) the voter enters the codes of her sheets (or
 * loads her sheet files) with their district and roll position instead of a credential; the page
 * adds the shares into her credential σ, encrypts it, points at her roll entry among an anonymity
 * set of the manifest's size and proves both (booth-crypto.js encryptCredentialBallot). A fake
 * sheet goes through exactly the same steps and screens: nothing on this device, on the board or in
 * the receipt tells them apart. σ stays in this page's memory; the ballot carries only its
 * encryption. She may challenge as in the other mode (spec §16.5): the challenge opens the options
 * (choice and randomness) and never σ, the credential's randomness s or the pointer's t; the
 * anonymity set is drawn once for her sheets and kept for every ballot encrypted after, so that
 * two sets cannot be intersected to narrow her position.
 */

import * as c from './booth-crypto.js';
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
  getJSON,
  t,
  trackingGroups,
} from './common.js';
import { ElectionCheckError, loadCheckedElection } from './election-check.js';

const FAKE_CREDENTIALS = 'fake-credentials';

const STEPS = ['step-credential', 'step-choose', 'step-tracking', 'step-done'];

const state = {
  election: null, // {manifest, electionKey, open, roll, electionContext}: checked, not trusted
  params: null,
  key: null, // {secret, xonly}: never leaves this page
  sigma: null, // the mode fake-credentials: the credential σ from the sheets, never leaves this page
  position: null, // … and the voter's roll position
  members: null, // … and the anonymity set drawn once for them, kept across challenges (§16.5)
  district: null,
  selections: null,
  opened: null,
  challenged: [], // tracking hashes (text) challenged in this visit
  receipt: null,
  fatal: null,
  checkError: null, // the ElectionCheckError that stopped the booth, shown in each language
};

function show(step, focus = true) {
  for (const id of STEPS) document.getElementById(id).hidden = id !== step;
  const heading = document.querySelector(`#${step} h2`);
  if (heading && focus) heading.focus();
}

function fail(text) {
  say('message', text, 'error');
}

function explain(exc) {
  if (exc instanceof ElectionCheckError) return t('booth.check_failed', { detail: exc.message });
  if (exc instanceof BoardError) return t('error.board', { reason: exc.reason, detail: exc.detail });
  return exc && exc.message ? exc.message : String(exc);
}

// ---------------------------------------------------------------------------------- election

function renderElection() {
  const e = state.election;
  if (!e) return;
  fill('election-title', localText(e.manifest.title));
  const w = e.manifest.window;
  fill('election-window', t('booth.window', { opens: formatTime(w.opens), closes: formatTime(w.closes) }));
  fill('checkers', checkerList());
}

/** The independent challenge checkers the signed manifest lists (optional `checkers`), as links;
 * only plain http(s) URLs are shown. */
function manifestCheckers() {
  const listed = state.election && Array.isArray(state.election.manifest.checkers) ? state.election.manifest.checkers : [];
  const shown = [];
  for (const item of listed) {
    if (!item || typeof item.url !== 'string') continue;
    let url;
    try {
      url = new URL(item.url);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    shown.push({ name: localText(item.name) || item.url, url: url.href });
  }
  return shown;
}

function checkerList() {
  const checkers = manifestCheckers();
  if (checkers.length === 0) return null;
  return [
    h('p', {}, t('booth.checkers_listed')),
    h('ul', { class: 'checkers' }, checkers.map((k) => h('li', {}, h('a', { href: k.url, rel: 'noreferrer' }, k.name)))),
  ];
}

function ready() {
  document.body.dataset.ready = '1';
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
  if (!globalThis.crypto || typeof globalThis.crypto.getRandomValues !== 'function') {
    state.fatal = 'booth.no_random';
    document.getElementById('credential-form').hidden = true;
    fail(t(state.fatal));
    ready();
    return;
  }
  try {
    // signatures, the roll's roots and both contexts are recomputed before anything is trusted
    state.election = await loadCheckedElection();
    renderElection();
    const status = await getJSON('/status');
    if (state.election.manifest.group !== 'secp256k1') state.fatal = 'booth.not_secp256k1';
    else if (!state.election.open || !state.election.electionKey) state.fatal = 'booth.not_open';
    else if (status.close_index !== null && status.close_index !== undefined) state.fatal = 'booth.closed';
    if (state.fatal) {
      document.getElementById('credential-form').hidden = true;
      fail(t(state.fatal));
      ready();
      return;
    }
    state.params = c.electionParamsFromManifest(
      state.election.manifest,
      state.election.electionKey.joint_key,
      state.election.electionContext,
    );
  } catch (exc) {
    document.getElementById('credential-form').hidden = true;
    if (exc instanceof ElectionCheckError) {
      state.checkError = exc;
      fail(explain(exc));
    } else {
      fail(t('booth.load_failed', { detail: explain(exc) }));
    }
    ready();
    return;
  }
  if (isMode()) {
    showSheetsForm();
  } else {
    document.getElementById('credential-form').addEventListener('submit', onCredential);
    document.getElementById('qr').addEventListener('change', onQrImage);
  }
  document.getElementById('choice-form').addEventListener('submit', onChoose);
  document.getElementById('cast').addEventListener('click', onCast);
  document.getElementById('challenge').addEventListener('click', onChallenge);
  document.getElementById('again').addEventListener('click', () => {
    state.opened = null;
    say('message', '');
    renderChoices();
    show('step-choose');
  });
  document.getElementById('save-receipt').addEventListener('click', () => {
    if (state.receipt) downloadJson(`${state.receipt.head.index}-ballot.json`, state.receipt);
  });
  document.getElementById('finish').addEventListener('click', () => {
    state.key = null;
    state.sigma = null;
    state.members = null;
    state.opened = null;
    state.selections = null;
    location.reload();
  });
  show('step-credential', false);
  ready();
}

// -------------------------------------------------------------------------------- credential

async function onQrImage(event) {
  const file = event.target.files && event.target.files[0];
  if (!file) return;
  try {
    const bitmap = await createImageBitmap(file);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    // jsQR is the vendored file ../vendor/jsQR.js, loaded by the page before this module
    const jsQR = globalThis.jsQR;
    if (typeof jsQR !== 'function') throw new Error('jsQR is not loaded');
    const code = jsQR(pixels.data, pixels.width, pixels.height);
    if (!code || !code.data) {
      fail(t('booth.qr_unreadable'));
      return;
    }
    document.getElementById('credential').value = code.data.trim();
    say('message', t('booth.qr_read'), 'info');
  } catch {
    fail(t('booth.qr_unreadable'));
  } finally {
    event.target.value = '';
  }
}

async function onCredential(event) {
  event.preventDefault();
  say('message', '');
  const input = document.getElementById('credential');
  let credential;
  try {
    credential = c.parseCredential(input.value);
  } catch (exc) {
    fail(t('booth.credential_invalid', { detail: exc.message }));
    input.focus();
    return;
  }
  const button = document.getElementById('credential-submit');
  button.disabled = true;
  const progress = document.getElementById('derive-progress');
  progress.textContent = t('booth.deriving');
  try {
    const kdf = state.params.kdf;
    state.key = await c.deriveSigningKey(credential, state.params.electionId, kdf, (fraction) => {
      progress.textContent = t('booth.deriving_progress', { percent: Math.round(fraction * 100) });
    });
  } catch (exc) {
    fail(explain(exc));
    button.disabled = false;
    return;
  }
  input.value = '';
  progress.textContent = '';
  button.disabled = false;
  const district = state.election.roll.get(c.toHex(state.key.xonly));
  if (district === undefined) {
    state.key = null;
    fail(t('booth.not_on_roll'));
    return;
  }
  state.district = district;
  renderChoices();
  show('step-choose');
}

// -------------------------------------------------------------------- sheets (fake-credentials)

function isMode() {
  return Boolean(state.election) && state.election.manifest.coercion === FAKE_CREDENTIALS;
}

function registrars() {
  return state.election.manifest.registrars;
}

/** The mode's first step: the sheets form in place of the credential form. */
function showSheetsForm() {
  document.getElementById('credential-form').hidden = true;
  document.getElementById('credential-help').hidden = true;
  document.getElementById('h-credential').dataset.i18n = 'booth.step_sheets';
  document.getElementById('sheets-form').hidden = false;
  document.getElementById('fake-note').hidden = false;
  document.getElementById('mode-challenge-note').hidden = false;
  // a ballot of this mode names no voter: a revote is not visible as one (spec §16.5)
  document.getElementById('revote-note').dataset.i18n = 'booth.mode_revote';
  document.getElementById('revote-note').textContent = t('booth.mode_revote');
  renderSheetsForm();
  document.getElementById('sheets-form').addEventListener('submit', onSheets);
  document.getElementById('sheet-files').addEventListener('change', onSheetFiles);
}

function renderSheetsForm() {
  if (!isMode()) return;
  document.getElementById('h-credential').textContent = t('booth.step_sheets');
  const select = document.getElementById('sheet-district');
  const chosen = select.value;
  fill('sheet-district', state.election.manifest.districts.map((d) => h('option', { value: d.id }, localText(d.name))));
  if (chosen) select.value = chosen;
  const typed = registrars().map((_, j) => document.getElementById(`share-${j + 1}`)?.value ?? '');
  fill(
    'share-fields',
    registrars().map((r, j) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `share-${j + 1}` }, t('booth.share_label', { registrar: j + 1, name: localText(r.name) })),
        h('input', { id: `share-${j + 1}`, type: 'text', class: 'wide', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', value: typed[j] }),
      ),
    ),
  );
}

/** Sheet files fill the form (district, position, each registrar's code); a real and a fake
 * sheet file are read alike. */
async function onSheetFiles(event) {
  say('message', '');
  const files = [...(event.target.files || [])];
  try {
    const read = [];
    for (const file of files) read.push(c.decodeSheetFile(JSON.parse(await file.text())));
    const first = read[0];
    if (!first) return;
    const electionId = state.election.manifest.election_id;
    const registrarsSeen = new Set(read.map((f) => f.sheet.registrar));
    if (
      registrarsSeen.size !== read.length ||
      read.some((f) => c.toHex(f.electionId) !== electionId || f.sheet.district !== first.sheet.district || f.sheet.position !== first.sheet.position)
    ) {
      fail(t('booth.sheets_mixed'));
      return;
    }
    document.getElementById('sheet-district').value = first.sheet.district;
    document.getElementById('sheet-position').value = String(first.sheet.position);
    for (const f of read) {
      const input = document.getElementById(`share-${f.sheet.registrar}`);
      if (input) input.value = c.groupedShare(f.sheet.share);
    }
  } catch (exc) {
    fail(t('booth.sheets_invalid', { detail: exc instanceof SyntaxError ? 'JSON' : explain(exc) }));
  } finally {
    event.target.value = '';
  }
}

function onSheets(event) {
  event.preventDefault();
  say('message', '');
  const district = document.getElementById('sheet-district').value;
  const text = document.getElementById('sheet-position').value.trim();
  const position = /^[0-9]{1,9}$/.test(text) ? Number(text) : -1;
  const roll = state.election.rolls.get(district);
  if (roll === undefined || position < 0 || position >= roll.length) {
    fail(t('booth.position_invalid', { position: text }));
    return;
  }
  let shares;
  try {
    shares = registrars().map((_, j) => c.parseShare(document.getElementById(`share-${j + 1}`).value));
  } catch (exc) {
    fail(t('booth.sheets_invalid', { detail: exc.message }));
    return;
  }
  state.sigma = shares.reduce((acc, x) => (acc + x) % c.N, 0n);
  state.position = position;
  state.district = district;
  state.members = c.anonymitySet(roll.length, position, state.election.manifest.anonymity);
  for (let j = 1; j <= registrars().length; j++) document.getElementById(`share-${j}`).value = '';
  renderChoices();
  show('step-choose');
}

// ------------------------------------------------------------------------------------ choice

function renderChoices() {
  if (!state.params || !state.district) return;
  const manifest = state.election.manifest;
  fill('district', t('booth.district', { district: districtName(manifest, state.district) }));
  const previous = state.selections;
  const boxes = manifest.questions.map((q, i) => {
    const single = q.min === 1 && q.max === 1;
    const hint = single ? t('booth.choose_one') : t('booth.choose_between', { min: q.min, max: q.max });
    return h(
      'fieldset',
      { class: 'question' },
      h('legend', {}, localText(q.text)),
      h('p', { class: 'hint', id: `hint-${i}` }, hint),
      q.options.map((o, j) => {
        const id = `q${i}-o${j}`;
        const checked = previous ? previous[i][j] === 1 : false;
        return h(
          'div',
          { class: 'option' },
          h('input', {
            type: single ? 'radio' : 'checkbox',
            name: `q${i}`,
            id,
            value: o.id,
            checked,
            'aria-describedby': `hint-${i}`,
          }),
          h('label', { for: id }, localText(o.label)),
        );
      }),
    );
  });
  fill('questions', boxes);
}

function readSelections() {
  const manifest = state.election.manifest;
  return manifest.questions.map((q, i) =>
    q.options.map((_, j) => (document.getElementById(`q${i}-o${j}`).checked ? 1 : 0)),
  );
}

function encryptAfresh() {
  if (isMode()) {
    const roll = state.election.rolls.get(state.district);
    state.opened = c.encryptCredentialBallot(state.params, roll, state.district, state.sigma, state.position, state.members, state.selections);
  } else {
    state.opened = c.encryptBallot(state.params, state.district, state.key.xonly, state.selections);
  }
}

function onChoose(event) {
  event.preventDefault();
  say('message', '');
  const selections = readSelections();
  const manifest = state.election.manifest;
  for (const [i, q] of manifest.questions.entries()) {
    const chosen = selections[i].reduce((s, b) => s + b, 0);
    if (chosen < q.min || chosen > q.max) {
      fail(t('booth.wrong_count', { question: localText(q.text), min: q.min, max: q.max }));
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
  show('step-tracking');
}

// ---------------------------------------------------------------------------- cast/challenge

function renderTracking() {
  if (!state.opened) return;
  fill('tracking', trackingGroups(c.formatTracking(state.opened.tracking)));
  const list = state.challenged.map((code) => h('li', {}, h('code', { class: 'grouped' }, trackingGroups(code))));
  const checker = checkerUrl();
  fill(
    'challenged',
    state.challenged.length === 0
      ? null
      : [
          h('p', {}, t('booth.challenged_note')),
          h('ul', {}, list),
          checker
            ? h('p', {}, h('a', { href: checker, rel: 'noreferrer' }, t('booth.open_checker')))
            : manifestCheckers().length === 0
              ? h('p', {}, t('booth.checker_elsewhere'))
              : null,
          checkerList(),
        ],
  );
}

/**
 * The head the ballot names (spec §11.4): the board's latest signed head, read now, signed by
 * the manifest's board key for this election. A ballot naming it goes stale after the
 * manifest's max_ballot_age once a newer head replaces it, so one held back by the server
 * cannot be posted later.
 */
async function latestHead() {
  const head = await getJSON('/head');
  const manifest = state.election.manifest;
  if (head.election_id !== manifest.election_id || !headVerifies(c, head, manifest.keys.board)) {
    throw new BoardError(0, 'bad_head', 'the board\'s latest head is not signed by its key for this election');
  }
  return c.namedHead(head.index, c.strictHex(head.entry_hash, 'head entry hash', 32));
}

async function onCast() {
  say('message', '');
  const buttons = [document.getElementById('cast'), document.getElementById('challenge')];
  buttons.forEach((b) => (b.disabled = true));
  try {
    // a ballot of the mode fake-credentials carries its credential proof instead of a signature
    // and names no head (record.md §6)
    const body = isMode() ? c.credentialBallotBody(state.opened) : c.castBallot(state.opened, state.key, await latestHead());
    const answer = await postJSON('/ballots', body);
    // the receipt file of the command-line voter client, byte for byte: plebiscite-receipt-v1
    state.receipt = {
      format: RECEIPT_FORMAT,
      kind: 'ballot',
      tracking: c.formatTracking(state.opened.tracking),
      head: answer.receipt,
    };
    state.receiptOk =
      answer.receipt.index === answer.entry.index &&
      answer.receipt.entry_hash === answer.entry.hash &&
      headVerifies(c, answer.receipt, state.election.manifest.keys.board);
    state.opened = null;
    renderReceipt();
    show('step-done');
  } catch (exc) {
    fail(t('booth.cast_failed', { detail: explain(exc) }));
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

async function onChallenge() {
  say('message', '');
  const buttons = [document.getElementById('cast'), document.getElementById('challenge')];
  buttons.forEach((b) => (b.disabled = true));
  // From the moment the opening is sent it may be in other hands, whatever the board answers
  // (a refusal, 429, a dropped connection): this ballot is never cast. It is discarded before
  // the request and the choice is encrypted afresh on every outcome.
  const opened = state.opened;
  state.opened = null;
  let refusal = null;
  try {
    // in the mode fake-credentials the opening names neither σ nor s nor t (spec §16.5)
    await postJSON('/challenges', isMode() ? c.buildCredentialChallenge(opened) : c.buildChallenge(opened));
    state.challenged.push(c.formatTracking(opened.tracking));
  } catch (exc) {
    refusal = exc;
  }
  try {
    encryptAfresh();
  } catch (exc) {
    fail(explain(exc));
    return; // the buttons stay disabled: there is no ballot to cast
  }
  renderTracking();
  if (refusal === null) say('message', t('booth.challenged_fresh'), 'info');
  else fail(t('booth.challenge_failed', { detail: explain(refusal) }));
  buttons.forEach((b) => (b.disabled = false));
  document.querySelector('#step-tracking h2').focus();
}

function renderReceipt() {
  const r = state.receipt;
  if (!r) return;
  fill(
    'receipt',
    h('dt', {}, t('receipt.tracking')),
    h('dd', {}, h('code', { id: 'receipt-tracking', class: 'grouped' }, trackingGroups(r.tracking))),
    h('dt', {}, t('receipt.index')),
    h('dd', { id: 'receipt-index' }, String(r.head.index)),
    h('dt', {}, t('receipt.time')),
    h('dd', {}, formatTime(r.head.time)),
    h('dt', {}, t('receipt.signature')),
    h('dd', { id: 'receipt-verified', 'data-valid': state.receiptOk ? '1' : '0' }, state.receiptOk ? t('receipt.verified') : t('receipt.not_verified')),
  );
}

start();
