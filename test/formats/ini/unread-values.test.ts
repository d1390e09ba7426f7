/**
 * configparser interpolates a value only when it is read, and upstream's
 * renderers read only the options they know: a lone `%` in an option no
 * renderer reads does not stop the page from being published, so it must not
 * stop fmx either. The same `%` where upstream reads it is still an error.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { FmxError } from '../../../src/diagnostics.js';
import { readIniText } from '../../../src/formats/ini/read.js';
import { validateIniText } from '../../../src/validate/validate.js';
import { toPlain } from '../../../src/model/matrix.js';
import { fmx } from '../../helpers/cli.js';
import { python3, runOracle } from '../../helpers/python.js';

const BASE = '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\nstatus=optional\nx=50% off\ndriver.a=complete\n';

function readWarnings(text: string): { extras: unknown; warnings: Diagnostic[] } {
  const warnings: Diagnostic[] = [];
  const { matrix } = readIniText(text, 't.ini', false, (d) => warnings.push(d));
  return { extras: matrix.features[0]!.extras, warnings };
}

function errorOf(text: string): Diagnostic {
  try {
    readIniText(text, 't.ini');
  } catch (e) {
    if (e instanceof FmxError) return e.diagnostics[0]!;
    throw e;
  }
  throw new Error('read without error');
}

describe('a value upstream never reads', () => {
  it('is kept raw in extras, with a positioned warning', () => {
    const { extras, warnings } = readWarnings(BASE);
    expect(extras).toEqual([{ name: 'x', value: '50% off' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', ruleId: 'ini-value-unread', line: 7, column: 5 });
  });

  it('in a driver section and through [DEFAULT] too', () => {
    const text = '[DEFAULT]\nfoo=a %d b\n\n[driver.a]\ntitle=A\nnote=10%\n\n[operation.x]\ntitle=X\ndriver.a=complete\n';
    const warnings: Diagnostic[] = [];
    const { matrix } = readIniText(text, 't.ini', false, (d) => warnings.push(d));
    expect(matrix.drivers[0]!.extras).toEqual([{ name: 'note', value: '10%' }, { name: 'foo', value: 'a %d b' }]);
    expect(matrix.features[0]!.extras).toEqual([{ name: 'foo', value: 'a %d b' }]);
    expect(warnings.map((w) => w.ruleId)).toEqual(['ini-value-unread', 'ini-value-unread', 'ini-value-unread']);
  });

  it.each([
    ['title', BASE.replace('title=X', 'title=X 50% off'), 5, 11],
    ['notes', BASE.replace('x=50% off', 'notes=50% off'), 7, 9],
    ['a cell', BASE.replace('driver.a=complete', 'driver.a=complete 50%'), 8, 21],
    ['cell notes', BASE + 'driver-notes.a=50% off\n', 9, 18],
  ])('is still a positioned error in %s', (_what, text, line, column) => {
    const d = errorOf(text);
    expect(d).toMatchObject({ severity: 'error', ruleId: 'ini-interpolation-syntax', line, column });
    expect(d.message).toContain("'%' must be followed by '%' or '('");
  });

  it('is a warning in validate, an error where upstream reads it', () => {
    const unread = validateIniText(BASE, 't.ini').filter((d) => d.ruleId?.startsWith('ini-'));
    expect(unread.map((d) => [d.ruleId, d.severity, d.line])).toEqual([['ini-value-unread', 'warning', 7]]);
    const read = validateIniText(BASE.replace('title=X', 'title=X 5%'), 't.ini').filter((d) => d.ruleId?.startsWith('ini-'));
    expect(read.map((d) => [d.ruleId, d.severity, d.line])).toEqual([
      ['ini-interpolation-syntax', 'error', 5],
      ['ini-value-unread', 'warning', 7],
    ]);
  });

  it('fmx convert: to JSON with a warning, and back to INI byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-unread-'));
    const ini = join(dir, 'm.ini');
    const text = BASE.replace('x=50% off', 'x=50% off\n  and %(nothing)s\n  100%');
    writeFileSync(ini, text);
    const toJson = fmx(['convert', ini, '--to', 'json', '--with-source', '-o', join(dir, 'm.json')]);
    expect(toJson.status).toBe(0);
    expect(toJson.stderr).toContain('warning:');
    expect(toJson.stderr).toContain("upstream never reads option 'x'");
    const json = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(json.features[0].extras).toEqual([{ name: 'x', value: '50% off\nand %(nothing)s\n100%' }]);
    const back = fmx(['convert', join(dir, 'm.json'), '--to', 'ini', '-o', join(dir, 'back.ini')]);
    expect(back.status).toBe(0);
    expect(readFileSync(join(dir, 'back.ini'), 'utf8')).toBe(text);
    const direct = fmx(['convert', ini, '--to', 'ini']);
    expect(direct.status).toBe(0);
    expect(direct.stdout).toBe(text);
  });

  it.skipIf(!python3())('reads as CPython configparser gives it under the renderers’ rules (raw where never read)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-unread-oracle-'));
    const texts = [
      BASE,
      '[DEFAULT]\nfoo=a %d b\n\n[driver.a]\ntitle=A\nnote=10%\n\n[operation.x]\ntitle=X\ndriver.a=complete\n',
      '[targets]\nnetworking-ovs=OVS\nx=5%\n\n[operation.x]\ntitle=X\nnetworking-ovs=complete\nwhy=%(nothing)s\n',
      '[target.ovs]\nlabel=networking-ovs\ntitle=OVS\nlink=\nextra=100%\n\n[operation.x]\ntitle=X\nnetworking-ovs=complete\n',
    ];
    const paths = texts.map((t, i) => {
      const p = join(dir, `${i}.ini`);
      writeFileSync(p, t);
      return p;
    });
    const oracle = runOracle<{ model?: unknown; error?: string }[]>('configparser_model.py', paths);
    for (const [i, t] of texts.entries()) {
      expect(oracle[i]!.error, t).toBeUndefined();
      expect(toPlain(readIniText(t, 't.ini').matrix), t).toEqual(oracle[i]!.model);
    }
  });
});
