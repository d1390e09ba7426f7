/** `fmx validate` as a command: exit codes, --strict, the two report formats. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand, type ValidateOptions } from '../../src/commands/validate.js';
import { fmx } from '../helpers/cli.js';
import { samplePath } from '../helpers/samples.js';

const dir = mkdtempSync(join(tmpdir(), 'fmx-validate-'));
function file(name: string, text: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const clean = file('clean.ini', '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\ndriver.a=complete\n');
const warned = file('warned.ini', '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\ndriver.a=partial\n');
const broken = file('broken.ini', '[driver.a]\ntitle=A\n\n[operation.x]\ndriver.a=complete\n');

async function run(files: string[], opts: ValidateOptions = {}): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await validateCommand(files, { color: false, ...opts }, (s) => (out += s));
  return { code, out };
}

describe('fmx validate', () => {
  it('exit 0 without findings, 0 with warnings, 1 with warnings under --strict, 1 with errors', async () => {
    expect((await run([clean])).code).toBe(0);
    expect((await run([warned])).code).toBe(0);
    expect((await run([warned], { strict: true })).code).toBe(1);
    expect((await run([broken])).code).toBe(1);
    expect((await run([clean, broken, warned])).code).toBe(1);
  });

  it('prints a vfile-reporter report: file, line:column, severity, message, rule id', async () => {
    const { out } = await run([broken, warned]);
    const lines = out.split('\n');
    expect(lines).toContain(broken);
    expect(out).toMatch(/^4:1 +error +feature \[operation\.x\] has no title: .* +feature-title-missing$/m);
    expect(out).toMatch(/^6:1 +warning +'a' is partial for \[operation\.x\] without notes: .* +partial-without-notes$/m);
    expect(out).toContain('2 messages (✖ 1 error, ⚠ 1 warning)');
  });

  it('--format json gives every finding with its upstream rule', async () => {
    const { out, code } = await run([broken, clean], { format: 'json' });
    expect(code).toBe(1);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ format: 'fmx/validate', version: 1, strict: false, errors: 1, warnings: 0 });
    expect(j.files[0]).toMatchObject({ file: broken, format: 'ini', ok: false });
    expect(j.files[0].messages[0]).toMatchObject({ line: 4, column: 1, severity: 'error', ruleId: 'feature-title-missing' });
    expect(j.files[0].messages[0].upstream).toContain("'title' option missing");
    expect(j.files[1]).toEqual({ file: clean, format: 'ini', ok: true, messages: [] });
  });

  it('findings in a workbook name their sheet and cell, in the text and the JSON report', async () => {
    const xlsx = join(dir, 'lb.xlsx');
    expect(fmx(['convert', samplePath('octavia-master-feature-matrix-lb.ini'), '-o', xlsx]).status).toBe(0);
    const text = await run([xlsx]);
    expect(text.out).toMatch(/^ +warning +Summary!A\d+: no renderer reads option 'note' of \[operation\.vip_sg_id\]/m);
    const j = JSON.parse((await run([xlsx], { format: 'json' })).out);
    expect(j.files[0].messages[0]).toMatchObject({ line: null, column: null, ruleId: 'unknown-option' });
    expect(j.files[0].messages[0].cell).toMatch(/^Summary!A\d+$/);
  });

  it('unreadable files are findings, not crashes', async () => {
    const { out, code } = await run([join(dir, 'nope.ini'), file('bad.ini', new Uint8Array([0x5b, 0xff, 0x5d]))], { format: 'json' });
    expect(code).toBe(1);
    const j = JSON.parse(out);
    expect(j.files[0].messages[0]).toMatchObject({ ruleId: 'input-unreadable', message: 'cannot read: no such file' });
    expect(j.files[1].messages[0]).toMatchObject({ ruleId: 'input-invalid-utf8', line: 1, column: 2 });
  });

  it('--max-size refuses big inputs', async () => {
    const { out } = await run([samplePath('nova-33.0.0-support-matrix.ini')], { format: 'json', maxSize: 1000 });
    expect(JSON.parse(out).files[0].messages[0]).toMatchObject({ ruleId: 'input-too-large' });
  });

  it('the built CLI: exit codes and usage errors', () => {
    const a = fmx(['validate', warned, '--strict']);
    expect(a.status).toBe(1);
    expect(a.stdout).toContain('partial-without-notes');
    const b = fmx(['validate', '--format', 'xml', clean]);
    expect(b.status).toBe(2);
    const c = fmx(['validate', '-', '--from', 'ini'], { input: '[driver.a]\ntitle=A\n' });
    expect(c.status).toBe(0);
    expect(c.stdout).toContain('no issues found');
  });
});
