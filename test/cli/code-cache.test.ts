/**
 * The command's V8 code cache (src/launcher.cjs, dist/bin/code-cache/): made
 * where it is missing or stale, used where it matches (a cache V8 rejected
 * would be made again, so a cache left alone by a run is one V8 took), never
 * a reason for a run to fail or print anything. Each case runs a copy of
 * dist/bin without its caches.
 */

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { samplePath } from '../helpers/samples.js';

const NOVA = samplePath('nova-33.0.0-support-matrix.ini');
const BIN = dirname(CLI);

/** A copy of dist/bin without its code cache. */
function copyOfBin(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'fmx-code-cache-')), 'bin');
  cpSync(BIN, dir, { recursive: true, filter: (src) => !src.includes('code-cache') });
  return dir;
}

function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, join(dir, 'fmx.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined, NODE_DISABLE_COMPILE_CACHE: undefined, FMX_CODE_CACHE: undefined, ...env },
  });
}

/** The first line of a cache file: its script's size and modification time. */
const header = (dir: string, name: string) => readFileSync(join(dir, 'code-cache', name), 'latin1').split('\n', 1)[0];
const stamp = (dir: string, name: string) => {
  const st = statSync(join(dir, name));
  return `${st.size} ${st.mtimeMs}`;
};
const cacheTime = (dir: string, name: string) => statSync(join(dir, 'code-cache', name)).mtimeMs;

const toMarkdown = ['convert', NOVA, '--to', 'md'];
const expected = run(BIN, toMarkdown).stdout;

describe('the code cache', () => {
  it('is made by a first run for each script it loaded, and taken by the next', () => {
    const dir = copyOfBin();
    const first = run(dir, toMarkdown);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(expected);
    const made = readdirSync(join(dir, 'code-cache'));
    expect(made).toContain('main.cjs');
    // Only what the run loaded: Markdown writing needs no XLSX library.
    expect(made.length).toBeLessThan(readdirSync(dir).filter((f) => f.endsWith('.cjs')).length - 1);
    expect(made.filter((f) => !existsSync(join(dir, f)))).toEqual([]);
    for (const f of made) expect(header(dir, f)).toBe(stamp(dir, f));
    const before = cacheTime(dir, 'main.cjs');
    const second = run(dir, toMarkdown);
    expect(second.stdout).toBe(expected);
    expect(cacheTime(dir, 'main.cjs')).toBe(before);
  });

  it('is made again when its script changed (size or time), and when V8 rejects it', () => {
    const dir = copyOfBin();
    run(dir, toMarkdown);
    appendFileSync(join(dir, 'main.cjs'), '\n// changed\n');
    expect(run(dir, toMarkdown).stdout).toBe(expected);
    expect(header(dir, 'main.cjs')).toBe(stamp(dir, 'main.cjs'));

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'main.cjs'), later, later);
    expect(run(dir, toMarkdown).stdout).toBe(expected);
    expect(header(dir, 'main.cjs')).toBe(stamp(dir, 'main.cjs'));

    // The right header over bytes V8 cannot take.
    writeFileSync(join(dir, 'code-cache', 'main.cjs'), `${stamp(dir, 'main.cjs')}\nnot a code cache`);
    const r = run(dir, toMarkdown);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
    expect(statSync(join(dir, 'code-cache', 'main.cjs')).size).toBeGreaterThan(1000);
  });

  it('where it cannot be written, the run goes on uncached, quietly', () => {
    const dir = copyOfBin();
    writeFileSync(join(dir, 'code-cache'), 'a file where the directory would be');
    const r = run(dir, toMarkdown);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is neither made nor read with NODE_DISABLE_COMPILE_CACHE or --enable-source-maps', () => {
    const dir = copyOfBin();
    expect(run(dir, toMarkdown, { NODE_DISABLE_COMPILE_CACHE: '1' }).stdout).toBe(expected);
    expect(existsSync(join(dir, 'code-cache'))).toBe(false);
    expect(run(dir, toMarkdown, {}, ['--enable-source-maps']).stdout).toBe(expected);
    expect(existsSync(join(dir, 'code-cache'))).toBe(false);
  });

  it('of the build matches the built scripts, and the command takes it', () => {
    const made = readdirSync(join(BIN, 'code-cache'));
    // The build ran reading and writing every format: the XLSX and Markdown chunks are there.
    expect(made.length).toBeGreaterThan(30);
    for (const f of made) expect(header(BIN, f)).toBe(stamp(BIN, f));
    const before = cacheTime(BIN, 'main.cjs');
    expect(run(BIN, ['--version']).status).toBe(0);
    expect(cacheTime(BIN, 'main.cjs')).toBe(before);
  });
});
