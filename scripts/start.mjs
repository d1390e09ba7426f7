#!/usr/bin/env node
// `npm start`: convert every bundled sample to every format fmx writes, under out/.
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const samples = readdirSync(join(root, 'samples'))
  .filter((f) => f.endsWith('.ini'))
  .sort()
  .map((f) => join('samples', f));
const pages = readdirSync(join(root, 'samples', 'rendered'))
  .sort()
  .map((f) => join('samples', 'rendered', f));
const jobs = [
  { to: 'json', args: [] },
  { to: 'ini', args: [] },
  { to: 'md', args: [] },
  { to: 'csv', args: ['--layout', 'wide'], dir: 'csv' },
  { to: 'csv', args: ['--layout', 'long'], dir: 'csv-long' },
  { to: 'xlsx', args: [] },
  // The page people open in a browser (it carries the model: it reads back too).
  { to: 'html', args: [] },
  // The published pages (HTML and text copies) read into the same model.
  { to: 'json', args: [], dir: 'pages', inputs: pages },
];
let failed = 0;
for (const job of jobs) {
  const dir = join('out', job.dir ?? job.to);
  mkdirSync(join(root, dir), { recursive: true });
  const inputs = job.inputs ?? samples;
  const r = spawnSync(process.execPath, [cli, 'convert', ...inputs, '--to', job.to, ...job.args, '--out-dir', dir], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status === 0) {
    const what = job.inputs ? 'published pages' : 'INI files';
    console.log(`${dir}/: ${inputs.length} ${what} as ${job.to}${job.args.length ? ' ' + job.args.join(' ') : ''}`);
  } else {
    failed++;
    console.log(`${dir}/: ${job.to} failed:\n${r.stderr.trim().split('\n').slice(0, 5).join('\n')}`);
  }
}
console.log(failed ? `\n${failed} format(s) failed.` : `\nAll samples converted to every format under out/.`);
process.exitCode = failed ? 1 : 0;
