/**
 * What the pages share: translations, the board's address, reading the board, the election's
 * parameters and roll, signed heads, and small DOM helpers.
 *
 * Nothing here writes untrusted text as HTML: every value from the board goes in through
 * textContent. Requests never carry cookies or a referrer.
 */

import en from '../../i18n/en.json';
import ru from '../../i18n/ru.json';
import uk from '../../i18n/uk.json';

export const LANGUAGES = Object.freeze({ en, uk, ru });
const LANG_KEY = 'plebiscite-lang';
/** The board's signed-head domain tag (plebiscite.crypto.tags.SIGNED_HEAD). */
export const SIGNED_HEAD = 'plebiscite/v1/sign/head';

let language = 'en';
const renderers = [];

// ------------------------------------------------------------------------------- translations

function pickLanguage() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl && fromUrl in LANGUAGES) return fromUrl;
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved && saved in LANGUAGES) return saved;
  } catch {
    // storage may be disabled: the browser's language decides
  }
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base;
  }
  return 'en';
}

/** The current language code (en, uk or ru). */
export function currentLanguage() {
  return language;
}

/** The translation of `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const table = LANGUAGES[language];
  let text = table[key] ?? en[key];
  if (text === undefined) throw new Error(`missing translation key ${key}`);
  for (const [name, value] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(value));
  return text;
}

/** A manifest text ({language: text}) in the page's language, else its first language. */
export function localText(value) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  if (typeof value[language] === 'string') return value[language];
  const first = Object.values(value).find((v) => typeof v === 'string');
  return first ?? '';
}

/** Fill every [data-i18n], [data-i18n-placeholder] and [data-i18n-label] under `root`. */
export function applyTranslations(root = document) {
  document.documentElement.lang = language;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  const title = document.querySelector('title[data-i18n]');
  if (title) document.title = title.textContent;
}

/** Register `render` to run again whenever the language changes. */
export function onLanguageChange(render) {
  renderers.push(render);
}

/** Set up translations and the language switch (a <select id="lang">). */
export function initLanguage() {
  language = pickLanguage();
  const select = document.getElementById('lang');
  if (select) {
    select.value = language;
    select.addEventListener('change', () => {
      language = select.value in LANGUAGES ? select.value : 'en';
      try {
        localStorage.setItem(LANG_KEY, language);
      } catch {
        // not remembered; the switch still applies to this page
      }
      applyTranslations();
      for (const render of renderers) render();
    });
  }
  applyTranslations();
}

/** One message, in the page's language, for a tracking hash booth-crypto's parseTracking refused
 * (its facts travel as the error's attributes: reason, got, position, character). */
export function trackingProblem(exc) {
  if (exc && exc.reason === 'length') {
    return exc.got === 0 ? t('tracking.empty') : t('tracking.bad_length', { got: exc.got, expected: exc.expected });
  }
  if (exc && exc.reason === 'character') {
    return t('tracking.bad_character', { position: exc.position, character: exc.character });
  }
  if (exc && exc.reason === 'ending') return t('tracking.bad_ending');
  return t('tracking.invalid');
}

// --------------------------------------------------------------------------------------- DOM

/** A new element: `h('p', {class: 'note'}, 'text', child, …)`; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A tracking hash ("abcd-efgh-…") as groups that never break inside: the line may break only
 * after a group's hyphen (each group a nowrap span; the text stays exactly the hash). */
export function trackingGroups(text) {
  const groups = String(text).split('-');
  return groups.flatMap((group, i) =>
    i < groups.length - 1 ? [h('span', { class: 'group' }, `${group}-`), h('wbr')] : [h('span', { class: 'group' }, group)],
  );
}

/** Replace the children of the element with id `id`. */
export function fill(id, ...children) {
  const el = document.getElementById(id);
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** Show a message in the element with id `id` (role=status or alert in the HTML). */
export function say(id, text, kind = 'info') {
  const el = document.getElementById(id);
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}

/** Board time (UTC microseconds) as an ISO-like UTC text. */
export function formatTime(micros) {
  const ms = Math.floor(Number(micros) / 1000);
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** JSON as plebiscite.model.codec.dumps_canonical writes it: compact, keys sorted at every level. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A JSON value saved as a file by the browser, as one canonical line (nothing leaves the device). */
export function downloadJson(name, value) {
  const blob = new Blob([canonicalJson(value) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The receipt file's format, the same for the web booth and the command-line voter client
 * (plebiscite.booth.client.RECEIPT_FORMAT; docs/record.md, "Receipt files"). */
export const RECEIPT_FORMAT = 'plebiscite-receipt-v1';

// -------------------------------------------------------------------------------- the board

/** The board's base URL: the page's <meta name="plebiscite-board">, else the page's own origin. */
export function boardUrl() {
  const meta = document.querySelector('meta[name="plebiscite-board"]');
  const given = meta ? meta.content.trim() : '';
  return (given || location.origin).replace(/\/+$/, '');
}

/** The challenge checker's address (<meta name="plebiscite-checker">), or '' when not known. */
export function checkerUrl() {
  const meta = document.querySelector('meta[name="plebiscite-checker"]');
  return meta ? meta.content.trim() : '';
}

/** A refusal or failure of the board, with its reason and detail. */
export class BoardError extends Error {
  constructor(status, reason, detail) {
    super(`${reason}: ${detail}`);
    this.status = status;
    this.reason = reason;
    this.detail = detail;
  }
}

async function answer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const reason = body && typeof body.reason === 'string' ? body.reason : `http_${response.status}`;
    const detail = body && typeof body.detail === 'string' ? body.detail : response.statusText;
    throw new BoardError(response.status, reason, detail);
  }
  return body;
}

/** GET `path` from the board as JSON. */
export async function getJSON(path) {
  const response = await fetch(boardUrl() + path, {
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  return answer(response);
}

/** POST `body` as JSON to the board's `path`. */
export async function postJSON(path, body) {
  const response = await fetch(boardUrl() + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  return answer(response);
}

/** Every entry from `start` on (paged), handing each to `visit`; stops when `visit` returns true. */
export async function scanEntries(start, visit) {
  let at = start;
  for (;;) {
    const page = await getJSON(`/entries?start=${at}`);
    if (page.entries.length === 0) return;
    for (const entry of page.entries) if (visit(entry) === true) return;
    at = page.next;
  }
}

/**
 * The election as the board holds it: the manifest's body, the `election_key` and `open` bodies
 * (null before), the roll (x-only key hex → district id) and the index after `open`.
 */
export async function loadElection() {
  const manifestEntry = await getJSON('/manifest');
  const found = { manifest: manifestEntry.body, electionKey: null, open: null, roll: new Map(), after: 0 };
  await scanEntries(0, (entry) => {
    found.after = entry.index + 1;
    if (entry.kind === 'election_key') found.electionKey = entry.body;
    else if (entry.kind === 'credential_roll') {
      for (const key of entry.body.keys) found.roll.set(key, entry.body.district);
    } else if (entry.kind === 'open') {
      found.open = entry.body;
      return true;
    }
    return false;
  });
  return found;
}

/** The signed head at `index` from the head history, or null. */
export async function headAt(index) {
  let start = 0;
  for (;;) {
    const page = await getJSON(`/heads?start=${start}`);
    if (page.heads.length === 0) return null;
    const head = page.heads.find((x) => x.index === index);
    if (head) return head;
    start = page.next;
  }
}

/** Whether `head` is signed by the board key `boardKeyHex` (the crypto module `c`). */
export function headVerifies(c, head, boardKeyHex) {
  try {
    const key = c.xonlyFromHex(boardKeyHex, 'board key');
    const signature = c.strictHex(head.signature, 'head signature', 64);
    const values = [
      c.strictHex(head.election_id, 'head election id', 16),
      BigInt(head.index),
      c.strictHex(head.entry_hash, 'head entry hash', 32),
      BigInt(head.time),
    ];
    return c.verifyTagged(key, signature, SIGNED_HEAD, values);
  } catch {
    return false;
  }
}

/** The district of a manifest by id: {id, name, registered}. */
export function districtName(manifest, id) {
  const d = manifest.districts.find((x) => x.id === id);
  return d ? localText(d.name) : id;
}
