/**
 * Converting an upstream matrix to Markdown and reading fmx's Markdown back
 * load neither unified, remark nor micromark (nor mdast-util-to-markdown):
 * the direct printer and the fast reader serve them, and the libraries load
 * only for what those decline. Checked on the built CLI (dist/) with a
 * module loader hook that lists every module the process loads.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { samplePath } from '../helpers/samples.js';

const HOOKS = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) { appendFileSync(file, url + '\\n'); return next(url, context); }`;
const PRELOAD = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { file: process.env.FMX_MODULE_LIST } });`;

const LIBRARIES = /\/node_modules\/(unified|remark-[a-z-]+|micromark[a-z-]*|mdast-util-(?:to-markdown|from-markdown|gfm[a-z-]*))\//;

/** The modules a CLI run loads, and its exit status. */
function modulesOf(args: string[]): { status: number | null; modules: string[] } {
  const list = join(mkdtempSync(join(tmpdir(), 'fmx-modules-')), 'modules.txt');
  writeFileSync(list, '');
  const r = spawnSync(process.execPath, ['--import', 'data:text/javascript,' + encodeURIComponent(PRELOAD), CLI, ...args], {
    env: { ...process.env, FMX_MODULE_LIST: list },
    encoding: 'utf8',
  });
  return { status: r.status, modules: readFileSync(list, 'utf8').split('\n').filter(Boolean) };
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
