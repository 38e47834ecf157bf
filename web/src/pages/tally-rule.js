/**
 * The end-of-record rule of the mode fake-credentials, recomputed in the page from the board's
 * entries (docs/spec.md §16.5 step 5): the counted set is exactly the matched ballots of every
 * district's `pet_match`, so once the board holds a `tally` or a `result`, every district with a
 * valid ballot must have its complete tag round, and the tally must count, per district, as many
 * ballots as its `pet_match` matched. Each failure carries the check ID, entry index and field that
 * `plebiscite verify` reports for it (plebiscite.rules.coercion_tally.CoercionTally.finish and V7's
 * comparison, plebiscite.model.tally.aggregates.compare_tally), in the same words:
 *
 *   - a district with a tally entry (tag_commit … pet_match) but no `tag_dedup`: V13, at the first
 *     `tally`/`result`, field `tag_dedup`;
 *   - one with its `tag_dedup` but no `pet_match`: V14, field `pet_match`;
 *   - one with no tally entry and at least one valid ballot: V13, field `tag_commit`;
 *   - the tally's `counted` of a district other than the number of positions its `pet_match`
 *     matched (none: 0): V7, at the tally, field `body.districts[i].counted`; its total's other
 *     than their sum: V7, field `body.total.counted`.
 *
 * The entries are taken as posted: their proofs are the board's checker's to check (V13, V14,
 * V11), as are the aggregates of V7. A ballot is valid here, as V12 has it, when it lies between
 * `open` and `close` and in the window, passes checkCredentialBallot against its district's roll
 * (read and checked by election-check.js), and neither its statement nor an α of its option
 * ciphertexts was seen before in a valid ballot or challenge of its district; ballots are checked
 * only for a district without a tag round, in board order, and only once the board counts (a
 * valid challenge, at most the district's registered voters of them, blocks its statement and α
 * values as on the board). One case a page cannot see without checking every district's entries
 * is left to the board's checks: an α copied from another district's entry, itself a V12 or V10
 * failure.
 */

import * as c from '../booth/booth-crypto.js';

/** The entry kinds of the mode's tally steps that name a district (record.md §6). */
const ROUND_KINDS = new Set(['tag_commit', 'tag_blind', 'tag_decrypt', 'tag_dedup', 'pet_blind', 'pet_decrypt', 'pet_match']);

/** The entries the rule reads, collected as the page scans the board (`observe` each in order). */
export class TallyRule {
  constructor() {
    this.open = null; // index of the open entry
    this.close = null; // index of the close entry
    this.countedAt = null; // index of the first tally or result entry
    this.tally = null; // the first tally entry
    this.rounds = new Map(); // district → {kinds: Set of its round's entry kinds, matched: count}
    this.ballots = new Map(); // district → ballots posted between open and close (a count)
  }

  observe(entry) {
    const { kind, body } = entry;
    if (kind === 'open' && this.open === null) this.open = entry.index;
    else if (kind === 'close' && this.close === null) this.close = entry.index;
    else if ((kind === 'tally' || kind === 'result') && this.countedAt === null) this.countedAt = entry.index;
    if (kind === 'tally' && this.tally === null) this.tally = entry;
    if (ROUND_KINDS.has(kind) && body !== null && typeof body === 'object' && typeof body.district === 'string') {
      const round = this.rounds.get(body.district) ?? { kinds: new Set(), matched: null };
      round.kinds.add(kind);
      if (kind === 'pet_match' && round.matched === null && Array.isArray(body.counted)) round.matched = body.counted.length;
      this.rounds.set(body.district, round);
    }
    if (kind === 'ballot' && this.open !== null && this.close === null && body !== null && typeof body === 'object') {
      this.ballots.set(body.district, (this.ballots.get(body.district) ?? 0) + 1);
    }
  }

  /** Whether the rule applies yet: a `tally` or `result` is on the board. */
  get counts() {
    return this.countedAt !== null;
  }

  /**
   * The failures, [{check, index, field, message}] in the manifest's district order (V7's after
   * the rounds'). `valid(district)` (async) counts the district's valid ballots; it is called only
   * for a district with ballots posted and no tally entry.
   */
  async failures(manifest, valid) {
    if (!this.counts) return [];
    const at = this.countedAt;
    const counts = `, yet entry ${at} counts the district`;
    const out = [];
    for (const d of manifest.districts) {
      const where = `district ${pyRepr(d.id)}`;
      const round = this.rounds.get(d.id);
      if (round !== undefined) {
        if (!round.kinds.has('tag_dedup')) {
          out.push({ check: 'V13', index: at, field: 'tag_dedup', message: `${where}: the dedup round has no tag_dedup${counts}` });
        } else if (!round.kinds.has('pet_match')) {
          out.push({ check: 'V14', index: at, field: 'pet_match', message: `${where}: the tally has no pet_match${counts}` });
        }
        continue;
      }
      if (!this.ballots.get(d.id)) continue;
      const n = await valid(d.id);
      if (n > 0) {
        out.push({
          check: 'V13',
          index: at,
          field: 'tag_commit',
          message:
            `${where}: ${n} valid ballot(s) and no tag round (no tag_commit), yet entry ${at} counts the district: ` +
            'its ballots were never matched',
        });
      }
    }
    const body = this.tally !== null && this.tally.body !== null && typeof this.tally.body === 'object' ? this.tally.body : {};
    const matchedIn = (id) => {
      const round = this.rounds.get(id);
      return round === undefined || round.matched === null ? 0 : round.matched;
    };
    const compare = (posted, field, name, matched) => {
      if (posted === null || typeof posted !== 'object' || !Number.isSafeInteger(posted.counted)) return;
      if (posted.counted !== matched) {
        out.push({ check: 'V7', index: this.tally.index, field, message: `${posted.counted} ballots, but ${name} counted ${matched}` });
      }
    };
    if (Array.isArray(body.districts)) {
      body.districts.forEach((posted, i) => {
        const id = posted !== null && typeof posted === 'object' ? posted.id : undefined;
        compare(posted, `body.districts[${i}].counted`, `district ${pyRepr(String(id))}`, matchedIn(id));
      });
      const total = manifest.districts.reduce((sum, d) => sum + matchedIn(d.id), 0);
      compare(body.total ?? null, 'body.total.counted', 'the whole election', total);
    }
    return out;
  }
}

/**
 * The valid ballots of `district` (V12), counted from the board's entries between `open` and
 * `close` in board order: `scan(start, visit)` reads them (common.scanEntries), `params` the
 * election's ballot parameters, `roll` the district's roll (its ciphertexts in order), `window`
 * the manifest's {opens, closes}, `bound` the district's registered voters (at most so many valid
 * challenges, §11.6).
 */
export async function countValidBallots({ scan, params, roll, anonymity, window, open, close, district, bound }) {
  const seen = new Set(); // statements (identities) of the valid ballots and challenges
  const alphas = new Set(); // the α of their option ciphertexts (hex)
  let valid = 0;
  let challenges = 0;
  await scan(open + 1, (entry) => {
    if (close !== null && entry.index >= close) return true;
    const { kind, body } = entry;
    if ((kind !== 'ballot' && kind !== 'challenge') || body === null || typeof body !== 'object') return false;
    if (body.district !== district) return false;
    if (!(window.opens <= entry.time && entry.time < window.closes)) return false;
    let checked;
    try {
      checked =
        kind === 'ballot'
          ? c.checkCredentialBallot(params, roll, body, anonymity)
          : c.checkCredentialChallenge(params, () => roll, body, anonymity);
    } catch {
      return false; // an invalid entry is not "seen": it blocks nothing
    }
    const identity = c.toHex(checked.identity);
    if (seen.has(identity)) return false;
    if (kind === 'challenge' && challenges >= bound) return false;
    const mine = body.questions.flatMap((q) => q.ciphertexts.map((ct) => ct.alpha));
    if (new Set(mine).size !== mine.length || mine.some((a) => alphas.has(a))) return false;
    seen.add(identity);
    for (const a of mine) alphas.add(a);
    if (kind === 'challenge') challenges += 1;
    else valid += 1;
    return false;
  });
  return valid;
}

/** Python's repr of a district id as the verifier's messages show it ('north'). */
function pyRepr(text) {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
