/**
 * Golden models of every page input: test/golden/pages/<page>.json holds the
 * model the reader gives (and its warnings). After an intended change,
 * regenerate with `FMX_UPDATE_GOLDEN=1 npx vitest run test/pages` and review
 * the diff by eye.
 */
import { basename } from 'node:path';
import { describe, test } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { toPlain } from '../../src/model.js';
import { expectGolden } from '../helpers/golden.js';
import { samplePath } from '../helpers/samples.js';
import { PAGE_INPUTS, readPageInput, type PageRead } from './inputs.js';
import { iniModel } from './view.js';

function golden(r: PageRead): string {
  const out = {
    inferredKeys: r.loaded.inferredKeys ?? false,
    warnings: r.warnings.map(formatDiagnostic),
    model: toPlain(r.loaded.matrix),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

describe('golden page models', () => {
  test.each(PAGE_INPUTS.map((i) => [i.page, i] as const))('%s', (_n, input) => {
    expectGolden(`pages/${basename(input.page)}.json`, golden(readPageInput(input)));
  });

  test('nova 15.0.0 text read with --keys-from its INI', () => {
    const input = PAGE_INPUTS[0]!;
    const r = readPageInput(input, iniModel(samplePath(input.ini)));
    expectGolden(`pages/${basename(input.page)}.keys-from.json`, golden(r));
  });
});
