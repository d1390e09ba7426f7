/**
 * Converting an upstream matrix to Markdown and reading fmx's Markdown back
 * load neither unified, remark nor micromark (nor mdast-util-to-markdown):
 * the direct printer and the fast reader serve them, and the libraries load
 * only for what those decline. Checked on the command as users run it (the
 * bundle under dist/bin/, `package.json`'s bin): a preload lists every file
 * the process loads, and each chunk's source map says which modules it holds.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { samplePath } from '../helpers/samples.js';

/** Every file the process loads as CommonJS (Node's module cache), appended to $FMX_MODULE_LIST at exit. */
const PRELOAD = `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
process.on('exit', () => appendFileSync(process.env.FMX_MODULE_LIST, Object.keys(Module._cache).join('\\n') + '\\n'));`;

const LIBRARIES = /\/node_modules\/(unified|remark-[a-z-]+|micromark[a-z-]*|mdast-util-(?:to-markdown|from-markdown|gfm[a-z-]*))\//;

/** The modules a CLI run loads (the sources of the bundle's chunks it loaded), and its exit status. */
function modulesOf(args: string[]): { status: number | null; modules: string[] } {
  const d = mkdtempSync(join(tmpdir(), 'fmx-modules-'));
  const list = join(d, 'modules.txt');
  const preload = join(d, 'preload.cjs');
  writeFileSync(list, '');
  writeFileSync(preload, PRELOAD);
  const r = spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
    env: { ...process.env, FMX_MODULE_LIST: list },
    encoding: 'utf8',
  });
  const files = readFileSync(list, 'utf8').split('\n').filter(Boolean);
  const modules = files.flatMap((f) => {
    if (!existsSync(f + '.map')) return [f];
    const map = JSON.parse(readFileSync(f + '.map', 'utf8')) as { sources: string[] };
    return map.sources.map((s) => resolve(dirname(f), s));
  });
  return { status: r.status, modules };
}

describe('Markdown without the Markdown libraries', () => {
  const d = mkdtempSync(join(tmpdir(), 'fmx-md-'));
  const md = join(d, 'nova.md');

  it('writes an upstream matrix as Markdown', () => {
    const r = modulesOf(['convert', samplePath('nova-33.0.0-support-matrix.ini'), '--to', 'md', '-o', md]);
    expect(r.status).toBe(0);
    expect(r.modules.some((m) => m.endsWith('/formats/markdown/print.js'))).toBe(true);
    expect(r.modules.filter((m) => LIBRARIES.test(m))).toEqual([]);
  });

  it('reads it back', () => {
    const r = modulesOf(['convert', md, '--to', 'json', '-o', join(d, 'nova.json')]);
    expect(r.status).toBe(0);
    expect(r.modules.some((m) => m.endsWith('/formats/markdown/parse.js'))).toBe(true);
    expect(r.modules.filter((m) => LIBRARIES.test(m))).toEqual([]);
  });

  it('loads remark-stringify for a matrix the direct printer declines (and the hook sees it)', () => {
    // `|` in text: the direct printer leaves it to remark-stringify.
    const ini = join(d, 'pipe.ini');
    writeFileSync(ini, '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\nstatus=optional\nnotes=a | b\ndriver.a=complete\n');
    const r = modulesOf(['convert', ini, '--to', 'md', '-o', join(d, 'pipe.md')]);
    expect(r.status).toBe(0);
    expect(r.modules.some((m) => /\/node_modules\/remark-stringify\//.test(m))).toBe(true);
    expect(readFileSync(join(d, 'pipe.md'), 'utf8')).toContain('\na | b\n');
  });
});
