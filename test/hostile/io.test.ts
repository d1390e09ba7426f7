/**
 * Reading and writing files safely: size limits on devices, atomic writes
 * (no partial file after a failure, `-o` onto the input, symbolic links),
 * the BOM kept on a round trip, XLSX parts checked before any reader.
 */

import { chmodSync, createReadStream, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { convert } from '../../src/commands/convert.js';
import { diffCommand } from '../../src/commands/diff.js';
import { FmxError, formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { checkZip, zipEntries } from '../../src/formats/xlsx/zip.js';
import { readInput, writeOutput } from '../../src/io/files.js';
import { samplePath } from '../helpers/samples.js';
import { makeZip } from './zip.js';

const dir = mkdtempSync(join(tmpdir(), 'fmx-io-'));
const GOOD = '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\ndriver.a=complete\n';

async function run(inputs: string[], opts: Parameters<typeof convert>[1]): Promise<{ code: number; messages: string[] }> {
  const messages: Diagnostic[] = [];
  const code = await convert(inputs, opts, { report: (d) => messages.push(d) });
  return { code, messages: messages.map(formatDiagnostic) };
}

describe('reading', () => {
  it('a device is read under the size limit, not forever', async () => {
    const e = await readInput('/dev/zero', 64 * 1024).catch((x) => x);
    expect(e).toBeInstanceOf(FmxError);
    expect(e.message).toBe('/dev/zero: input is larger than the limit of 65536 bytes (raise it with --max-size)');
  });

  it('a directory is named as such', async () => {
    const e = await readInput(dir).catch((x) => x);
    expect(e.message).toBe(`${dir}: is a directory, not a file`);
  });
});

describe('atomic writes', () => {
  it('-o onto the input itself gives the converted input', async () => {
    const f = join(dir, 'self.ini');
    writeFileSync(f, '\ufeff' + GOOD.replace(/\n/g, '\r\n'));
    const r = await run([f], { to: 'ini', output: f });
    expect(r).toEqual({ code: 0, messages: [] });
    // The BOM and the CRLF line endings are kept byte for byte.
    expect(readFileSync(f)).toEqual(Buffer.from('\ufeff' + GOOD.replace(/\n/g, '\r\n')));
  });

  it.each([
    ['CR only', GOOD.replace(/\n/g, '\r')],
    ['mixed LF, CRLF and CR', '[driver.a]\r\ntitle=A\r[operation.x]\ntitle=X\r\ndriver.a=complete'],
  ])('%s line endings are kept byte for byte through INI -> INI', async (_name, text) => {
    const f = join(dir, 'eol.ini');
    const out = join(dir, 'eol.out.ini');
    writeFileSync(f, text);
    expect((await run([f], { to: 'ini', output: out })).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('a failed conversion leaves the target as it was and no temporary file', async () => {
    const out = join(dir, 'keep', 'out.json');
    mkdirSync(join(dir, 'keep'));
    writeFileSync(out, 'old');
    const bad = join(dir, 'bad.ini');
    writeFileSync(bad, '[driver.a]\ntitle=100%\n');
    const r = await run([bad], { to: 'json', output: out });
    expect(r.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(readdirSync(join(dir, 'keep'))).toEqual(['out.json']);
  });

  it('streamed output: written whole when the writer finishes, the target untouched when it fails midway', async () => {
    mkdirSync(join(dir, 'stream'));
    const out = join(dir, 'stream', 'out.json');
    writeFileSync(out, 'old');
    const chunk = Buffer.alloc(1 << 20, 'a');
    const failing = writeOutput(out, async (sink) => {
      await sink(chunk);
      await sink(chunk);
      throw new Error('the writer broke');
    });
    await expect(failing).rejects.toThrow(/cannot write: the writer broke/);
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(readdirSync(join(dir, 'stream'))).toEqual(['out.json']);
    await writeOutput(out, async (sink) => {
      for (let i = 0; i < 3; i++) await sink(chunk);
      await sink(Buffer.from('end'));
    });
    expect(readFileSync(out, 'utf8')).toBe('a'.repeat(3 << 20) + 'end');
    expect(readdirSync(join(dir, 'stream'))).toEqual(['out.json']);
  });

  it('an unwritable directory is an error, and the target is untouched', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: use a path whose directory does not exist instead
      const e = await writeOutput(join(dir, 'nowhere', 'x.json'), '{}').catch((x) => x);
      expect(e.message).toBe(`${join(dir, 'nowhere', 'x.json')}: cannot write: no such directory`);
      return;
    }
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    writeFileSync(join(ro, 'x.json'), 'old');
    chmodSync(ro, 0o555);
    const e = await writeOutput(join(ro, 'x.json'), '{}').catch((x) => x);
    expect(e.message).toMatch(/cannot write: permission denied/);
    expect(readFileSync(join(ro, 'x.json'), 'utf8')).toBe('old');
  });

  it('a symbolic link is written through: the link stays, the file it names changes', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    await writeOutput(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, 'utf8')).toBe('new');
  });

  it('a named pipe is written into, never replaced by a file (as -o /dev/null must stay a device)', async () => {
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      createReadStream(fifo).on('data', (c) => chunks.push(c as Buffer)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
    });
    await writeOutput(fifo, 'through the pipe');
    expect(await reader).toBe('through the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('out.fifo') && f.endsWith('.tmp'))).toEqual([]);
  });

  it('the mode of the file replaced is kept', async () => {
    const f = join(dir, 'mode.json');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    await writeOutput(f, 'new');
    expect(lstatSync(f).mode & 0o777).toBe(0o640);
  });
});

describe('ZIP containers', () => {
  /** The parts of a ZIP, inflated. */
  function unzip(b: Uint8Array): { name: string; data: Buffer }[] {
    const buf = Buffer.from(b);
    return zipEntries(b, (why) => new Error(why)).map((e) => ({
      name: e.name,
      data: e.method === 8 ? inflateRawSync(buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize)) : buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize),
    }));
  }

  it("fmx's own workbook passes the check, and one with an external link still reads without following it", async () => {
    const xlsx = join(dir, 'fake.xlsx');
    expect((await run([samplePath('sphinx-feature-classification-fake-support-matrix.ini')], { to: 'xlsx', output: xlsx })).code).toBe(0);
    const bytes = readFileSync(xlsx);
    const parts = unzip(bytes);
    expect(checkZip(bytes, xlsx, 1 << 30).length).toBe(parts.length);

    const linked = join(dir, 'linked.xlsx');
    const extra = [
      { name: 'xl/externalLinks/externalLink1.xml', data: '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></externalLink>' },
      { name: 'xl/externalLinks/_rels/externalLink1.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="http://127.0.0.1:9/steal.xlsx" TargetMode="External"/></Relationships>' },
    ];
    writeFileSync(linked, makeZip([...parts, ...extra]));
    const out = join(dir, 'linked.json');
    const r = await run([linked], { to: 'json', output: out });
    expect(r, r.messages.join('\n')).toMatchObject({ code: 0 });
    expect(readFileSync(out, 'utf8')).not.toContain('127.0.0.1');
  });

  it('a part whose data lies outside the file is refused', () => {
    const z = makeZip([{ name: 'a.xml', data: 'x'.repeat(1000) }]);
    const cut = Buffer.concat([Buffer.from(z.subarray(0, 40)), Buffer.from(z.subarray(z.length - 22 - 46 - 5))]);
    expect(() => checkZip(cut, 'cut.xlsx', 1 << 20)).toThrow(FmxError);
  });

  it('refusals leave no output file', async () => {
    const bomb = join(dir, 'bomb.xlsx');
    writeFileSync(bomb, makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(4 << 20) }], { overlapCopies: 3 }));
    const out = join(dir, 'bomb.json');
    const r = await run([bomb], { to: 'json', output: out, maxSize: 8 << 20 });
    expect(r.code).toBe(1);
    expect(r.messages[0]).toBe(`${bomb}: the workbook would inflate to more than the limit of 8388608 bytes (a zip bomb?); raise it with --max-size`);
    expect(existsSync(out)).toBe(false);
  });

  it('a zip bomb from git is refused by the same limit as from a file (the reader checks, not the file reading)', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'fmx-bomb-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
    git('init', '-q');
    // Compresses to a few KB, inflates to 4 MiB a copy: more than the 1 MiB limit below, far less than git's own.
    writeFileSync(join(repo, 'bomb.xlsx'), makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(4 << 20) }]));
    writeFileSync(join(repo, 'm.ini'), GOOD);
    git('add', '.');
    git('commit', '-qm', 'bomb');
    const messages: Diagnostic[] = [];
    const io = { write: async () => {}, reporter: { report: (d: Diagnostic) => void messages.push(d) }, isTTY: false, env: {}, cwd: repo };
    const code = await diffCommand('git:HEAD:bomb.xlsx', join(repo, 'm.ini'), { maxSize: 1 << 20 }, io);
    expect(code).toBe(2);
    expect(messages.map(formatDiagnostic)).toEqual([
      'git:HEAD:bomb.xlsx: the workbook would inflate to more than the limit of 1048576 bytes (a zip bomb?); raise it with --max-size',
    ]);
  });
});
