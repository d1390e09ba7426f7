/** Summaries of V8 CPU profiles (`node --cpu-prof`): self time by function. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `n` functions with the most self time: [{ name, where, ms, pct }].
 * `where` is `file:line` relative to `root` (or the node: / node_modules path).
 */
export function hottest(profile, root, n = 15) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((x) => [x.id, x]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const nd = byId.get(samples[i]);
    if (!nd) continue;
    const cf = nd.callFrame;
    let where = cf.url || '';
    if (where.startsWith('file://')) where = relative(root, fileURLToPath(where));
    const key = `${cf.functionName || '(anonymous)'}\u0000${where}${where ? `:${cf.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => {
      const [name, where] = k.split('\u0000');
      return { name, where, ms, pct: total ? (100 * ms) / total : 0 };
    });
}
