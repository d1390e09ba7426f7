/**
 * `fmx diff --format json` against an independent computation of the same
 * changes from CPython configparser's readings (test/oracle/configparser_diff.py),
 * for every pair of consecutive nova releases in samples/ (across the
 * targets -> support-matrix dialect change at 18.0.0) and the two cinder files.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { python3, runOracle } from '../helpers/python.js';
import { NOVA_RELEASES, novaIni, runDiff } from './helpers.js';

const PAIRS: [string, string][] = [
  ...NOVA_RELEASES.slice(1).map((r, i): [string, string] => [novaIni(NOVA_RELEASES[i]!), novaIni(r)]),
  ['samples/cinder-2018-support-matrix.ini', 'samples/cinder-master-support-matrix.ini'],
];
/** Hand-made: re-wrapped notes, smart punctuation, moved sections, a dialect change, `__proto__`, every kind of change. */
const TRICKY: [string, string] = ['test/diff/fixtures/tricky-old.ini', 'test/diff/fixtures/tricky-new.ini'];
/** Hand-made, feature-classification dialect: maturity, doc links, tempest tests, `status:release` cells. */
const CLASSIFICATION: [string, string] = ['test/diff/fixtures/classification-old.ini', 'test/diff/fixtures/classification-new.ini'];
const ALL = [...PAIRS, TRICKY, CLASSIFICATION];

const hasPython = python3() !== null;

describe.skipIf(!hasPython)('diff against the configparser oracle', () => {
  const reference = hasPython
    ? runOracle<{ old: string; new: string; changes?: unknown[]; error?: string }[]>('configparser_diff.py', ALL.flat())
    : [];

  it('covers every consecutive nova release and cinder', () => {
    for (const [a, b] of PAIRS) {
      expect(existsSync(a), a).toBe(true);
      expect(existsSync(b), b).toBe(true);
    }
    expect(PAIRS).toHaveLength(23);
    expect(PAIRS.some(([a, b]) => a.includes('17.0.0') && b.includes('18.0.0'))).toBe(true);
    expect(reference.every((r) => r.error === undefined)).toBe(true);
  });

  it('the hand-made pair shows every kind of change, and folding hides what it should', () => {
    const kinds = new Set((reference[ALL.length - 2]!.changes as { kind: string }[]).map((c) => c.kind));
    expect(kinds.size).toBe(9);
    const fields = (reference[ALL.length - 2]!.changes as { feature?: string; field?: string }[]).filter((c) => c.feature === 'operation.one');
    // notes re-wrapped with smart quotes, a doubled space in the title and in a CLI command: not changes
    expect(fields.map((c) => c.field)).toEqual(['notes', 'status']);
  });

  it('the feature-classification pair changes its own fields', () => {
    const fields = (reference[ALL.length - 1]!.changes as { field?: string }[]).map((c) => c.field);
    for (const f of ['maturity', 'apiDocLink', 'adminDocLink', 'tempestTestUuids', 'release', 'link']) expect(fields).toContain(f);
  });

  it.each(ALL.map((p, i) => [p[0], p[1], i] as const))('%s -> %s', async (a, b, i) => {
    const expected = reference[i]!;
    expect(expected.old).toBe(a);
    const run = await runDiff(a, b, { format: 'json' });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.format).toBe('fmx/diff');
    expect(report.version).toBe(1);
    expect(report.changes).toEqual(expected.changes);
    expect(run.code).toBe(expected.changes!.length ? 1 : 0);
  });
});
