/**
 * The three formats through the CLI (a few spawns: the options reach the
 * writers, the readers are found by extension and by content, XLSX goes to a
 * file).
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fmx } from '../helpers/cli.js';

const SAMPLE = 'samples/sphinx-feature-classification-fake-support-matrix.ini';
const dir = mkdtempSync(join(tmpdir(), 'fmx-formats-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fmx convert with md, csv and xlsx', () => {
  it('ini -> xlsx (-o) -> json equals ini -> json', () => {
    const out = join(dir, 'fake.xlsx');
    expect(fmx(['convert', SAMPLE, '-o', out])).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const back = fmx(['convert', out, '--to', 'json']);
    expect(back).toMatchObject({ status: 0, stderr: '' });
    expect(back.stdout).toBe(fmx(['convert', SAMPLE, '--to', 'json']).stdout);
  });

  it('--layout long --bom, read back from standard input by content; --no-formula-guard', () => {
    const long = fmx(['convert', SAMPLE, '--to', 'csv', '--layout', 'long', '--bom']);
    expect(long.status).toBe(0);
    expect(long.stdout.startsWith('\ufefffeature_key,feature_title,')).toBe(true);
    const back = fmx(['convert', '-', '--to', 'json'], { input: long.stdout });
    expect(back).toMatchObject({ status: 0, stderr: '' });
    expect(back.stdout).toBe(fmx(['convert', SAMPLE, '--to', 'json']).stdout);
    const raw = fmx(['convert', '-', '--from', 'json', '--to', 'csv', '--no-formula-guard'], {
      input: JSON.stringify({ format: 'fmx/matrix', version: 1, dialect: 'support-matrix', drivers: [{ key: 'd', title: '=1+1', link: null }], features: [] }),
    });
    expect(raw.stdout).toBe('key,title,status,group,=1+1 [d]\n');
  });

  it('ini -> md -> ini gives the model back (md found by extension)', () => {
    const md = join(dir, 'fake.md');
    expect(fmx(['convert', SAMPLE, '-o', md]).status).toBe(0);
    const back = fmx(['convert', md, '--to', 'json']);
    expect(back).toMatchObject({ status: 0, stderr: '' });
    expect(back.stdout).toBe(fmx(['convert', SAMPLE, '--to', 'json']).stdout);
  });
});
