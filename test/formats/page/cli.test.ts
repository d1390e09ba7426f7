/**
 * Pages through the CLI: `fmx convert page --to ini [--keys-from base.ini]`
 * writes an INI that CPython's configparser reads back to the page's model;
 * standard input is sniffed; warnings print as FILE:LINE: warning: message.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { toPlain, type Matrix } from '../../../src/model/matrix.js';
import { fmx } from '../../helpers/cli.js';
import { python3, runOracle } from '../../helpers/python.js';
import { samplePath } from '../../helpers/samples.js';
import { PAGE_INPUTS, readPage, readPageInput } from './inputs.js';
import { iniModel } from './view.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'fmx-pages-'));

/** The page's model without its prose (an INI has no place for it). */
/** What an INI carries of a page's model: not the prose around it, nor its provenance (an INI's keys are its own). */
function withoutDocument(m: Matrix): Matrix {
  const plain = toPlain(m);
  delete plain.document;
  delete plain.provenance;
  return plain;
}

describe('fmx convert of a page', () => {
  const nova15 = PAGE_INPUTS[0]!;
  const nova33html = PAGE_INPUTS[1]!;

  test('--to ini --keys-from: configparser reads the INI back to the page model, warnings on stderr', () => {
    const out = join(tmp(), 'nova.ini');
    const r = fmx(['convert', 'samples/' + nova15.page, '--to', 'ini', '--keys-from', samplePath(nova15.ini), '-o', out]);
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    for (const l of lines) expect(l).toMatch(/^samples\/rendered\/nova-15\.0\.0-support-matrix\.txt:\d+: warning: driver title 'Libvirt KVM \(s390x\)'/);
    const page = readPageInput(nova15, iniModel(samplePath(nova15.ini))).loaded.matrix;
    expect(readFileSync(out, 'utf8')).toMatch(/^\[targets\]\ndriver-impl-xenserver=XenServer\n/);
    if (!python3()) return;
    const [oracle] = runOracle<{ model?: Matrix; error?: string }[]>('configparser_model.py', [out]);
    expect(oracle!.error).toBeUndefined();
    expect(oracle!.model).toEqual(withoutDocument(page));
  });

  test('HTML on standard input, without --keys-from: recognised by its content, keys from the ids, and the INI reads back the same', () => {
    const out = join(tmp(), 'nova33.ini');
    const r = fmx(['convert', '-', '-o', out], { input: readFileSync(samplePath(nova33html.page)) });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('[operation.attach_volume]\ntitle=Attach block volume to instance\n');
    if (!python3()) return;
    const [oracle] = runOracle<{ model?: Matrix }[]>('configparser_model.py', [out]);
    expect(oracle!.model).toEqual(withoutDocument(readPageInput(nova33html).loaded.matrix));
  });

  test('w3m text on standard input: recognised by its content', () => {
    const input = PAGE_INPUTS[5]!;
    const r = fmx(['convert', '-', '--to', 'json'], { input: readFileSync(samplePath(input.page)) });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^-:\d+: warning: text after the closing notes is not read/);
    expect(JSON.parse(r.stdout) as Matrix).toEqual(toPlain(readPage(readFileSync(samplePath(input.page)), 'txt', '-').loaded.matrix));
  });

  test('a text without any feature is an error with a position, not a stack trace', () => {
    const r = fmx(['convert', '-', '--from', 'txt'], { input: 'Just some notes\nabout nothing.\n' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('-:1:1: no matrix found: the page has no feature with a "Status:" line\n');
  });
});
