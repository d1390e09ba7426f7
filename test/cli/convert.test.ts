/** `fmx convert`: format selection, batches, standard streams, atomic output, exit codes. */

import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmx } from '../helpers/cli.js';
import { samplePath, sampleBytes } from '../helpers/samples.js';

const NOVA = 'nova-33.0.0-support-matrix.ini';
const OCTAVIA = 'octavia-master-feature-matrix-lb.ini';
const tmp = () => mkdtempSync(join(tmpdir(), 'fmx-cli-'));

describe('fmx convert', () => {
  it('prints the model JSON by default', () => {
    const r = fmx(['convert', samplePath(NOVA)]);
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.format).toBe('fmx/matrix');
    expect(m.version).toBe(1);
    expect(m.dialect).toBe('support-matrix');
    expect(m.drivers[0]).toEqual({ key: 'libvirt-kvm-x86', title: 'Libvirt KVM (x86)', link: null });
  });

  it("takes --to from -o's extension and reads standard input by sniffing", () => {
    const d = tmp();
    const r = fmx(['convert', '-', '-o', join(d, 'x.ini')], { input: sampleBytes(OCTAVIA) });
    expect(r.status).toBe(0);
    expect(readFileSync(join(d, 'x.ini'))).toEqual(sampleBytes(OCTAVIA));
    const j = fmx(['convert', '-', '--to', 'ini'], { input: fmx(['convert', samplePath(OCTAVIA), '--with-source']).stdout });
    expect(j.stdout).toBe(sampleBytes(OCTAVIA).toString('utf8'));
  });

  it('converts a batch into --out-dir, reports a bad file and converts the rest', () => {
    const d = tmp();
    const bad = join(d, 'broken.ini');
    writeFileSync(bad, '[driver.a]\ntitle=A\n[x]\nnope\n');
    const out = join(d, 'new', 'out'); // created on demand
    const r = fmx(['convert', samplePath(NOVA), bad, samplePath(OCTAVIA), '--out-dir', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${bad}:4:1: 'nope' is neither a [section], a name=value option, a comment nor an indented continuation\n`);
    expect(readdirSync(out).sort()).toEqual(['nova-33.0.0-support-matrix.json', 'octavia-master-feature-matrix-lb.json']);
  });

  it('writes atomically: a failed conversion leaves an existing output untouched and no temporary file', () => {
    const d = tmp();
    const out = join(d, 'keep.json');
    writeFileSync(out, 'previous');
    const bad = join(d, 'bad.ini');
    writeFileSync(bad, '[driver.a]\ntitle=%\n');
    expect(fmx(['convert', bad, '-o', out]).status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(readdirSync(d).sort()).toEqual(['bad.ini', 'keep.json']);
  });

  it('can write over its own input', () => {
    const d = tmp();
    const f = join(d, 'm.ini');
    copyFileSync(samplePath(NOVA), f);
    expect(fmx(['convert', f, '-o', f]).status).toBe(0);
    expect(readFileSync(f)).toEqual(sampleBytes(NOVA));
  });

  it.each([
    [['convert'], "error: missing required argument 'input'"],
    [['convert', 'a.ini', 'b.ini'], 'fmx: several inputs need --out-dir'],
    [['convert', 'a.ini', '--to', 'pdf'], "error: option '--to <format>' argument 'pdf' is invalid. expected one of ini, json, html, md, csv, xlsx"],
    [['convert', 'a.ini', '-o', 'x', '--out-dir', 'y'], 'fmx: -o and --out-dir cannot be used together'],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
  ])('usage error %j exits 2', (args, message) => {
    const r = fmx(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
  });

  it('a missing input exits 1 with FILE: message', () => {
    const r = fmx(['convert', 'no/such.ini']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('no/such.ini: cannot read: no such file\n');
  });

  it('refuses inputs over --max-size', () => {
    const r = fmx(['convert', samplePath(NOVA), '--max-size', '1K']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${samplePath(NOVA)}: input is larger than the limit of 1024 bytes (raise it with --max-size)\n`);
  });

  it('writes a fresh INI from JSON without source that reads back to the same model', () => {
    const json = fmx(['convert', samplePath(NOVA)]).stdout;
    const ini = fmx(['convert', '-', '--from', 'json', '--to', 'ini'], { input: json });
    expect(ini.status).toBe(0);
    expect(ini.stdout.startsWith('[driver.libvirt-kvm-x86]\ntitle=Libvirt KVM (x86)\n')).toBe(true);
    const back = fmx(['convert', '-', '--from', 'ini'], { input: ini.stdout });
    expect(JSON.parse(back.stdout)).toEqual(JSON.parse(json));
  });
});
