/** "Did you mean": close matches for a mistyped key, by edit distance. */

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above `cap`. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > cap) return cap + 1;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** The edit distance within which a candidate counts as close: more for a longer word. */
const editLimit = (word: string): number => (word.length <= 5 ? 1 : word.length <= 8 ? 2 : 3);

/**
 * Candidates close to `word`, best first: those within a small edit distance
 * (scaled to the word's length), and those that contain it or end with it.
 */
export function closeMatches(word: string, candidates: readonly string[], max = 5): string[] {
  const w = word.toLowerCase();
  const limit = editLimit(w);
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (c === word || c.length > 200) continue;
    const lc = c.toLowerCase();
    const d = editDistance(w, lc, limit);
    if (d <= limit) scored.push([c, d]);
    else if (w.length >= 3 && (lc.includes(w) || w.includes(lc))) scored.push([c, limit + 1]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([c]) => c);
}

/**
 * Keys to suggest for a feature or driver named on the command line that is
 * none of them, best first: keys whose title is the name (in any case), keys
 * close to the name, then keys whose title is close to it or holds it
 * (`Pure Storage` for the title `Pure Storage Driver (iSCSI, FC)`).
 */
export function keySuggestions(name: string, entries: readonly { key: string; title: string | null }[], max = 5): string[] {
  const lower = name.toLowerCase();
  const keyOfTitle = new Map<string, string>();
  for (const e of entries) if (e.title !== null && !keyOfTitle.has(e.title)) keyOfTitle.set(e.title, e.key);
  const byTitle = entries.filter((e) => e.title !== null && e.title.toLowerCase() === lower).map((e) => e.key);
  const byKey = closeMatches(name, [...new Set(entries.map((e) => e.key))]);
  const nearTitle = closeMatches(name, [...keyOfTitle.keys()]).map((t) => keyOfTitle.get(t)!);
  return [...new Set([...byTitle, ...byKey, ...nearTitle])].filter((k) => k !== name).slice(0, max);
}

/** `; did you mean 'a', 'b'?` for `keySuggestions`, or `` when there are none. */
export function didYouMeanKeys(keys: readonly string[]): string {
  return keys.length ? `; did you mean ${keys.map((k) => `'${k}'`).join(', ')}?` : '';
}

const MAX_SUGGEST_LENGTH = 80;
const MAX_CANDIDATES = 2000;

/** ` (did you mean 'x'?)` for the closest candidate within a small edit distance, else ``. */
export function didYouMean(word: string, candidates: readonly string[], prefix = ''): string {
  const best = closest(word, candidates);
  return best === null ? '' : ` (did you mean '${prefix}${best}'?)`;
}

/**
 * The one candidate closest to `word` within a small edit distance (scaled
 * to its length), or null. A shortened name (`vz-vm` for `libvirt-vz-vm`)
 * wins when only one candidate ends with it. Bounded work: long words and
 * candidates past the first few thousand are not compared.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  if (word.length > MAX_SUGGEST_LENGTH) return null;
  const w = word.toLowerCase();
  if (w.length >= 3) {
    const tails = candidates.slice(0, MAX_CANDIDATES).filter((c) => c !== word && c.toLowerCase().endsWith('-' + w));
    if (tails.length === 1) return tails[0]!;
  }
  const limit = editLimit(w);
  let best: string | null = null;
  let bestD = limit + 1;
  let n = 0;
  for (const c of candidates) {
    if (++n > MAX_CANDIDATES) break;
    if (c === word) continue;
    if (Math.abs(c.length - w.length) >= bestD || c.length > MAX_SUGGEST_LENGTH) continue;
    const d = editDistance(w, c.toLowerCase(), bestD - 1);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
