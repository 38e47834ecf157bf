/**
 * The observer dashboard: the referendum's state, the board's current signed head (its signature
 * checked against the manifest's board key), the turnout per district over the days of the window
 * as a chart and a table (registered, voters who cast, superseded ballots), the board checker's
 * status per check, and after decryption the results per district with the status of the checks
 * they rest on (V7–V9, as the board's checker last reran them on the record: /status's ``final``),
 * and the record for download.
 *
 * The turnout is counted here from the board's entries (times, districts, credential keys), not
 * taken from the server. The chart library (Chart.js) is served from the board's own /web/vendor/.
 *
 * In the mode fake-credentials (docs/spec.md §16) a ballot names no credential key: nobody can
 * count voters or superseded ballots from the board, so the turnout shows, per district, the roll
 * (the registrars' posted entries) and the ballots posted; the tally's steps (tags, mixes, matching,
 * §16.5) are listed with the entries each has on the board once there are any; once the board
 * holds a tally, the page checks that it counts exactly the matched ballots (tally-rule.js: the
 * same check IDs, entries and fields as plebiscite verify).
 */

import * as c from '../booth/booth-crypto.js';
import {
  boardUrl,
  districtName,
  fill,
  formatTime,
  getJSON,
  h,
  headVerifies,
  initLanguage,
  localText,
  onLanguageChange,
  scanEntries,
  t,
} from './common.js';
import { loadCheckedElection } from './election-check.js';
import { TallyRule, countValidBallots } from './tally-rule.js';

const DAY_US = 86_400_000_000;
const REFRESH_MS = 15_000;
const CHECK_IDS = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8', 'V9', 'V10', 'V11', 'V12', 'V13', 'V14'];
const FINAL_CHECKS = ['V7', 'V8', 'V9', 'V11', 'V13', 'V14'];
const COLOURS = { registered: '#5a5a5a', cast: '#0b5cad', superseded: '#b3261e' };

/** The tally steps of the mode fake-credentials (spec §16.5), in order, by the entry kinds
 * each posts (record.md §6). */
const MODE_STEPS = [
  ['dedup', ['tag_commit', 'tag_blind', 'tag_decrypt', 'tag_dedup']],
  ['mix', ['mix']],
  ['match', ['pet_blind', 'pet_decrypt', 'pet_match']],
];

const state = {
  rolls: new Map(), // the mode fake-credentials: district → entries of its first registrar's roll
  steps: new Map(), // … and entry kind of the tally → entries posted
  rule: new TallyRule(), // … and the entries the counted set's rule reads
  ruleShown: null, // … and its outcome: {at: the entries read, failures} or {at, error}
  ruleBusy: false,
  manifest: null,
  next: 0,
  ballots: [], // {time, district, credential}
  challenges: 0,
  result: null,
  close: null,
  status: null,
  head: null,
  error: null,
};
const charts = new Map();

async function refresh() {
  try {
    if (state.manifest === null) state.manifest = (await getJSON('/manifest')).body;
    await scanEntries(state.next, (entry) => {
      state.next = entry.index + 1;
      state.rule.observe(entry);
      if (entry.kind === 'ballot') {
        state.ballots.push({ time: entry.time, district: entry.body.district, credential: entry.body.credential });
      } else if (entry.kind === 'challenge') state.challenges += 1;
      else if (entry.kind === 'registrar_roll') countRoll(entry.body);
      else if (MODE_STEPS.some(([, kinds]) => kinds.includes(entry.kind))) {
        state.steps.set(entry.kind, (state.steps.get(entry.kind) ?? 0) + 1);
      } else if (entry.kind === 'close') state.close = entry;
      else if (entry.kind === 'result') state.result = entry;
      return false;
    });
    state.status = await getJSON('/status');
    state.head = state.status.head;
    state.error = null;
  } catch (exc) {
    state.error = exc.message;
  }
  render();
  const due = state.ruleShown === null || state.ruleShown.at !== state.next;
  if (isMode() && state.rule.counts && due && !state.ruleBusy) {
    state.ruleBusy = true; // a refresh while the ballots are checked does not start another
    try {
      await checkRule();
    } finally {
      state.ruleBusy = false;
    }
    render();
  }
}

/** The counted set's rule over the entries read so far (tally-rule.js). A district's ballots are
 * checked only when it has ballots and no tally entry: then the election is read checked, as the
 * challenge checker reads it, for its parameters and rolls. */
async function checkRule() {
  const at = state.next;
  const rule = state.rule;
  const m = state.manifest;
  let election = null;
  let params = null;
  const valid = async (district) => {
    if (election === null) {
      election = await loadCheckedElection();
      if (!election.open || !election.electionKey) throw new Error(t('booth.not_open'));
      params = c.electionParamsFromManifest(m, election.electionKey.joint_key, election.open.election_ctx);
    }
    const bound = m.districts.find((d) => d.id === district).registered;
    const roll = election.rolls.get(district);
    const args = { scan: scanEntries, params, roll, anonymity: m.anonymity, window: m.window, open: rule.open, close: rule.close };
    return countValidBallots({ ...args, district, bound });
  };
  try {
    state.ruleShown = { at, failures: await rule.failures(m, valid) };
  } catch (exc) {
    state.ruleShown = { at, error: exc.message };
  }
}

function isMode() {
  return state.manifest !== null && state.manifest.coercion === 'fake-credentials';
}

/** A registrar_roll chunk: the district's roll grows by its entries (registrar 1's count: every
 * registrar posts as many, V4). */
function countRoll(body) {
  if (body === null || typeof body !== 'object' || body.registrar !== 1 || !Array.isArray(body.entries)) return;
  state.rolls.set(body.district, (state.rolls.get(body.district) ?? 0) + body.entries.length);
}

function phaseText() {
  if (state.result) return t('dashboard.phase_result');
  const phase = state.status ? state.status.phase : 'empty';
  return t(`dashboard.phase_${phase}`);
}

/** Per district, per day of the window: [{day, registered, cast, superseded}] (the mode
 * fake-credentials: [{day, roll, ballots}]). */
function turnout() {
  const { opens, closes } = state.manifest.window;
  const days = Math.max(1, Math.ceil((closes - opens) / DAY_US));
  const out = new Map();
  for (const d of state.manifest.districts) {
    const rows = [];
    for (let i = 0; i < days; i++) {
      const end = Math.min(opens + (i + 1) * DAY_US, closes);
      const mine = state.ballots.filter((b) => b.district === d.id && b.time < end);
      if (isMode()) {
        rows.push({ day: opens + i * DAY_US, roll: state.rolls.get(d.id) ?? 0, ballots: mine.length });
        continue;
      }
      const voters = new Set(mine.map((b) => b.credential)).size;
      rows.push({ day: opens + i * DAY_US, registered: d.registered, cast: voters, superseded: mine.length - voters });
    }
    out.set(d.id, rows);
  }
  return out;
}

function dayLabel(micros) {
  return new Date(Math.floor(micros / 1000)).toISOString().slice(0, 10);
}

function renderSummary() {
  const m = state.manifest;
  fill('title', localText(m.title));
  const head = state.head;
  const headOk = head ? headVerifies(c, head, m.keys.board) : false;
  fill(
    'summary',
    h('dt', {}, t('dashboard.state')),
    h('dd', { id: 'phase' }, phaseText()),
    h('dt', {}, t('dashboard.window')),
    h('dd', {}, t('booth.window', { opens: formatTime(m.window.opens), closes: formatTime(m.window.closes) })),
    h('dt', {}, t('dashboard.board')),
    h('dd', {}, h('code', {}, boardUrl())),
    h('dt', {}, t('dashboard.head')),
    h(
      'dd',
      { id: 'head' },
      head
        ? [
            t('dashboard.head_at', { index: head.index, time: formatTime(head.time) }),
            ' ',
            h('code', { class: 'hash' }, head.entry_hash),
            ' — ',
            h('span', { class: headOk ? 'good' : 'bad' }, headOk ? t('dashboard.head_ok') : t('dashboard.head_bad')),
          ]
        : t('dashboard.no_head'),
    ),
    h('dt', {}, t('dashboard.challenges')),
    h('dd', {}, String(state.challenges)),
  );
}

/** A table in a box that scrolls sideways on its own when the table is wider than the page
 * (a phone), so that the page itself never does; focusable, so a keyboard can scroll it. */
function scrollable(table, label) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

/** The turnout table's columns (keys of its rows): the mode fake-credentials has the roll and the
 * ballots posted, the mode revote the registered voters, those who cast and superseded ballots. */
function turnoutColumns() {
  return isMode() ? ['day', 'roll', 'ballots'] : ['day', 'registered', 'cast', 'superseded'];
}

/** The mode's tally steps with the entries each has on the board (none before the tally). */
function renderSteps() {
  const section = document.getElementById('steps-section');
  const posted = [...state.steps.values()].some((n) => n > 0);
  section.hidden = !isMode() || !posted;
  if (section.hidden) return;
  const rows = MODE_STEPS.flatMap(([step, kinds]) =>
    kinds.map((kind, i) =>
      h('tr', {}, i === 0 ? h('th', { scope: 'row', rowspan: String(kinds.length) }, t(`dashboard.step_${step}`)) : null, h('td', {}, h('code', {}, kind)), h('td', { id: `step-${kind}` }, String(state.steps.get(kind) ?? 0))),
    ),
  );
  fill(
    'steps',
    scrollable(h(
      'table',
      {},
      h('caption', {}, t('dashboard.steps_caption')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dashboard.step')), h('th', { scope: 'col' }, t('dashboard.step_kind')), h('th', { scope: 'col' }, t('dashboard.step_entries')))),
      h('tbody', {}, rows),
    ), t('dashboard.steps_caption')),
  );
}

function renderTurnout() {
  if (isMode()) fill('turnout-help', t('dashboard.mode_turnout_help'));
  const data = turnout();
  const Chart = globalThis.Chart;
  const sections = [];
  for (const d of state.manifest.districts) {
    const rows = data.get(d.id);
    const name = districtName(state.manifest, d.id);
    const canvasId = `chart-${d.id}`;
    const table = h(
      'table',
      { id: `turnout-${d.id}` },
      h('caption', {}, t('dashboard.turnout_caption', { district: name })),
      h(
        'thead',
        {},
        h('tr', {}, turnoutColumns().map((key) => h('th', { scope: 'col' }, t(`dashboard.${key}`)))),
      ),
      h(
        'tbody',
        {},
        rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, dayLabel(r.day)), turnoutColumns().slice(1).map((key) => h('td', {}, String(r[key]))))),
      ),
    );
    sections.push(
      h(
        'section',
        { class: 'district', 'aria-labelledby': `h-${d.id}` },
        h('h3', { id: `h-${d.id}` }, name),
        h('div', { class: 'chart' }, h('canvas', { id: canvasId, role: 'img', 'aria-label': t('dashboard.chart_label', { district: name }) })),
        scrollable(table, t('dashboard.turnout_caption', { district: name })),
      ),
    );
  }
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  fill('turnout', sections);
  if (typeof Chart !== 'function') return;
  for (const d of state.manifest.districts) {
    const rows = data.get(d.id);
    const dataset = (key, dash, colour = key) => ({
      label: t(`dashboard.${key}`).replaceAll('\u00ad', ''), // soft hyphens are for table headers
      data: rows.map((r) => r[key]),
      borderColor: COLOURS[colour],
      backgroundColor: COLOURS[colour],
      borderDash: dash,
      stepped: false,
      pointRadius: 3,
    });
    const chart = new Chart(document.getElementById(`chart-${d.id}`), {
      type: 'line',
      data: {
        labels: rows.map((r) => dayLabel(r.day)),
        datasets: isMode()
          ? [dataset('roll', [6, 4], 'registered'), dataset('ballots', [], 'cast')]
          : [dataset('registered', [6, 4]), dataset('cast', []), dataset('superseded', [])],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { labels: { color: '#1a1a1a', usePointStyle: true } } },
      },
    });
    charts.set(d.id, chart);
  }
}

/** The counted set's rule as this page checked it: nothing before the board counts. */
function renderRule() {
  const section = document.getElementById('rule-section');
  section.hidden = !isMode() || !state.rule.counts;
  if (section.hidden) return;
  const shown = state.ruleShown;
  const index = state.rule.countedAt;
  if (shown === null) {
    fill('rule', h('p', { id: 'rule-verdict', class: 'meta' }, t('dashboard.rule_checking')));
  } else if (shown.error !== undefined) {
    fill('rule', h('p', { id: 'rule-verdict', class: 'bad' }, t('dashboard.rule_error', { detail: shown.error })));
  } else if (shown.failures.length === 0) {
    fill('rule', h('p', { id: 'rule-verdict', class: 'good' }, t('dashboard.rule_ok', { index })));
  } else {
    fill(
      'rule',
      h('p', { id: 'rule-verdict', class: 'bad' }, t('dashboard.rule_failed', { count: shown.failures.length, index })),
      h(
        'ul',
        { class: 'failures', id: 'rule-failures' },
        shown.failures.map((f) =>
          h('li', { 'data-check': f.check, 'data-index': String(f.index), 'data-field': f.field }, `${f.check} #${f.index} ${f.field}: ${f.message}`),
        ),
      ),
    );
  }
}

function renderChecks() {
  const s = state.status;
  if (!s) return;
  const failures = s.failures || [];
  fill(
    'checks',
    h('p', { id: 'checks-verdict', class: s.ok ? 'good' : 'bad' }, s.ok ? t('dashboard.checks_ok', { entries: s.checked_entries }) : t('dashboard.checks_failed', { count: failures.length })),
    scrollable(h(
      'table',
      {},
      h('caption', {}, t('dashboard.checks_caption')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dashboard.check')), h('th', { scope: 'col' }, t('dashboard.check_what')), h('th', { scope: 'col' }, t('dashboard.items')), h('th', { scope: 'col' }, t('dashboard.failures')))),
      h(
        'tbody',
        {},
        CHECK_IDS.map((id) =>
          h('tr', {}, h('th', { scope: 'row' }, id), h('td', {}, t(`check.${id}`)), h('td', {}, String((s.checks || {})[id] ?? 0)), h('td', {}, String(failures.filter((f) => f.check === id).length))),
        ),
      ),
    ), t('dashboard.checks_caption')),
    h('p', { id: 'final-note', class: 'meta' }, finalNote(s)),
    failures.length
      ? h('ul', { class: 'failures' }, failures.map((f) => h('li', {}, `${f.check} #${f.index ?? '—'} ${f.field}: ${f.message}`)))
      : null,
  );
}

/** When the board's checker last ran the end-of-record checks (V7–V9), and whether again soon. */
function finalNote(s) {
  if (!s.final) return t('dashboard.final_not_run');
  const ran = t('dashboard.final_ran', { index: s.final.head_index });
  return s.final_due ? `${ran} ${t('dashboard.final_due')}` : ran;
}

/**
 * [text, kind, lines] of the checks the result rests on (V7–V9) as the board's checker ran them:
 * their real status once its end-of-record run covers the result entry, else an honest "not yet"
 * that points to plebiscite verify.
 */
function proofsStatus() {
  const s = state.status;
  if (!s) return [t('dashboard.proofs_unknown'), 'meta', []];
  const final = s.final;
  if (!final || !state.result || final.head_index < state.result.index) return [t('dashboard.proofs_pending'), 'meta', []];
  if (final.error) return [t('dashboard.proofs_error', { detail: final.error }), 'bad', []];
  const rows = FINAL_CHECKS.map((id) => {
    const items = (s.checks || {})[id] ?? 0;
    const failures = (s.failed || {})[id] ?? (s.failures || []).filter((f) => f.check === id).length;
    const args = { check: id, what: t(`check.${id}`), items, failures };
    return { id, failures, text: t(failures ? 'dashboard.proof_line_failed' : 'dashboard.proof_line_ok', args) };
  });
  const lines = rows.map((r) => [r.text, r.failures ? 'bad' : 'good', r.id]);
  const count = rows.reduce((sum, r) => sum + r.failures, 0);
  if (count) return [t('dashboard.proofs_failed', { count, index: final.head_index }), 'bad', lines];
  return [t('dashboard.proofs_ok', { index: final.head_index }), 'good', lines];
}

function renderResults() {
  const section = document.getElementById('results-section');
  if (!state.result) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const body = state.result.body;
  const m = state.manifest;
  const tables = [];
  const columns = m.questions.flatMap((q) => q.options.map((o) => `${localText(q.text)} — ${localText(o.label)}`));
  const row = (label, f, id) =>
    h(
      'tr',
      { id },
      h('th', { scope: 'row' }, label),
      f.counts === null
        ? columns.map(() => h('td', { title: t('dashboard.withheld') }, '—'))
        : f.counts.flat().map((n) => h('td', {}, String(n))),
      h('td', {}, String(f.counted)),
      h('td', {}, String(f.registered)),
      h('td', {}, `${(f.turnout_ppm / 10_000).toFixed(2)} %`),
      h('td', {}, String(f.superseded)),
      h('td', {}, String(f.challenged)),
    );
  tables.push(
    scrollable(h(
      'table',
      { id: 'results' },
      h('caption', {}, t('dashboard.results_caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('tracking.district')),
          columns.map((col) => h('th', { scope: 'col' }, col)),
          ['counted', 'registered', 'turnout', 'superseded', 'challenged'].map((k) => h('th', { scope: 'col' }, t(`dashboard.${k}`))),
        ),
      ),
      h(
        'tbody',
        {},
        body.districts.map((d) => row(districtName(m, d.id), d, `result-${d.id}`)),
        row(t('dashboard.total'), body.total, 'result-total'),
      ),
    ), t('dashboard.results_caption')),
  );
  const [proofsText, proofsKind, proofLines] = proofsStatus();
  fill(
    'results',
    tables,
    h('p', { id: 'proofs-status', class: proofsKind }, proofsText),
    proofLines.length
      ? h('ul', { id: 'proofs-checks' }, proofLines.map(([text, kind, id]) => h('li', { id: `proofs-${id}`, class: kind }, text)))
      : null,
    h('p', {}, t('dashboard.result_entry', { index: state.result.index, time: formatTime(state.result.time) })),
  );
}

function renderRecord() {
  fill(
    'record',
    h('p', {}, t('dashboard.record_text')),
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: `${boardUrl()}/stream`, download: 'entries.jsonl', id: 'record-link' }, t('dashboard.record_entries'))),
      h('li', {}, h('a', { href: `${boardUrl()}/heads`, id: 'heads-link' }, t('dashboard.record_heads'))),
    ),
    h('p', {}, h('code', {}, 'plebiscite observe ' + boardUrl() + ' --state observer-state --once')),
  );
}

function render() {
  fill('error', state.error ? t('dashboard.load_failed', { detail: state.error }) : '');
  document.getElementById('error').hidden = !state.error;
  if (!state.manifest) return;
  renderSummary();
  renderTurnout();
  renderSteps();
  renderRule();
  renderChecks();
  renderResults();
  renderRecord();
  document.body.dataset.ready = '1';
  fill('updated', t('dashboard.updated', { time: new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC' }));
}

initLanguage();
onLanguageChange(render);
document.getElementById('refresh').addEventListener('click', refresh);
refresh();
setInterval(refresh, REFRESH_MS);
