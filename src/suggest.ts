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
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/**
 * Candidates close to `word`, best first: those within a small edit distance
 * (scaled to the word's length), and those that contain it or end with it.
 */
export function closeMatches(word: string, candidates: readonly string[], max = 5): string[] {
  const w = word.toLowerCase();
  const limit = w.length <= 5 ? 1 : w.length <= 8 ? 2 : 3;
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
