/**
 * Golden text and Markdown reports of `fmx diff` (read by eye once). After an
 * intended change: `npm run golden:update` (FMX_UPDATE_GOLDEN=1), then review
 * `git diff test/golden/diff` before committing.
 */
import { describe, it } from 'vitest';
import { expectGolden } from '../../helpers/golden.js';
import { novaIni, runDiff } from '../../diff/helpers.js';

const PAIRS: [string, string][] = [
  ['15.0.0', '16.0.0'],
  ['32.0.0', '33.0.0'],
];

describe('golden diff reports', () => {
  it.each(PAIRS)('nova %s -> %s', async (a, b) => {
    for (const format of ['text', 'md'] as const) {
      const r = await runDiff(novaIni(a), novaIni(b), { format });
      if (r.code !== 1 || r.stderr) throw new Error(`exit ${r.code}: ${r.stderr}`);
      expectGolden(`diff/nova-${a}-to-${b}.${format === 'text' ? 'txt' : 'md'}`, r.stdout);
    }
  });

  it('the hand-made pair (every kind of change)', async () => {
    for (const format of ['text', 'md'] as const) {
      const r = await runDiff('test/diff/fixtures/tricky-old.ini', 'test/diff/fixtures/tricky-new.ini', { format });
      if (r.code !== 1 || r.stderr) throw new Error(`exit ${r.code}: ${r.stderr}`);
      expectGolden(`diff/tricky.${format === 'text' ? 'txt' : 'md'}`, r.stdout);
    }
  });
});
