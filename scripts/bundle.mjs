#!/usr/bin/env node
/**
 * The `fmx` command as users run it (`npm run build`, after tsc): dist/cli.js
 * bundled into CommonJS under dist/bin/. Node loads CommonJS synchronously;
 * its ES module loader costs 20-30 ms of every start on these machines
 * (docs/performance.md, "CLI start-up"). Every dynamic import stays a chunk
 * of its own, loaded only when it runs, as in dist/. The library
 * (`import 'fmx'`) is dist/index.js, not this. Warnings are printed; a
 * failure exits 1.
 */
import { build, RolldownMagicString } from 'rolldown';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * commander requires node:child_process when it loads, for subcommands that
 * are programs of their own (fmx has none); child_process brings net, dgram
 * and the stream modules with it, some milliseconds of every start. Here it
 * is required when commander first spawns. The build fails if commander's
 * line changes (a new commander version): look again then.
 */
const lazyChildProcess = {
  name: 'fmx-lazy-child-process',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const line = "const childProcess = require('node:child_process');";
    if (!code.includes(line)) throw new Error(`${id} no longer requires node:child_process as it did: see lazyChildProcess in scripts/bundle.mjs`);
    if ((code.match(/childProcess\.(\w+)/g) ?? []).some((use) => use !== 'childProcess.spawn')) {
      throw new Error(`${id} uses more of node:child_process than spawn: see lazyChildProcess in scripts/bundle.mjs`);
    }
    const out = new RolldownMagicString(code).replace(line, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
    const map = out.generateMap({ source: id, includeContent: true, hires: true });
    return { code: out.toString(), map: { version: 3, sources: map.sources, sourcesContent: map.sourcesContent, names: map.names, mappings: map.mappings } };
  },
};

try {
  await build({
    input: { main: join(root, 'dist', 'cli.js') },
    platform: 'node',
    logLevel: 'warn',
    plugins: [lazyChildProcess],
    output: {
      dir: join(root, 'dist', 'bin'),
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: '[name]-[hash].cjs',
      // Which modules each chunk holds (test/cli/markdown-lazy.test.ts reads them); stack traces with --enable-source-maps.
      sourcemap: true,
    },
  });
  const launcher = join(root, 'dist', 'bin', 'fmx.cjs');
  copyFileSync(join(root, 'src', 'launcher.cjs'), launcher);
  chmodSync(launcher, 0o755);
  warmCodeCache(launcher);
} catch (e) {
  process.stderr.write(`bundling the fmx command failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

/**
 * The V8 code cache of the bundle (src/launcher.cjs), made by running the
 * commands users run most on a bundled sample: each run rewrites the cache
 * of every script it loaded with what it compiled, so the runs add up. A
 * command that fails here fails the build. Without the samples (a copy of
 * the package without them) the caches are made by the first runs instead.
 */
function warmCodeCache(launcher) {
  const samples = join(root, 'samples');
  const ini = join(samples, 'nova-33.0.0-support-matrix.ini');
  const page = join(samples, 'rendered', 'nova-33.0.0-support-matrix.html');
  if (!existsSync(ini) || !existsSync(page)) return;
  const out = mkdtempSync(join(tmpdir(), 'fmx-code-cache-'));
  const o = (name) => join(out, name);
  const runs = [
    ['convert', ini, '--to', 'md', '-o', o('m.md')],
    ['convert', o('m.md'), '--to', 'json', '-o', o('m.json')],
    ['convert', o('m.json'), '--to', 'ini', '-o', o('m.ini')],
    ['convert', ini, '--to', 'csv', '-o', o('m.csv')],
    ['convert', o('m.csv'), '--to', 'json', '-o', o('c.json')],
    ['convert', ini, '--to', 'csv', '--layout', 'long', '-o', o('l.csv')],
    ['convert', o('l.csv'), '--to', 'json', '-o', o('l.json')],
    ['convert', ini, '--to', 'xlsx', '-o', o('m.xlsx')],
    ['convert', o('m.xlsx'), '--to', 'json', '-o', o('x.json')],
    ['convert', ini, '--to', 'html', '-o', o('m.html')],
    ['convert', page, '--to', 'json', '-o', o('p.json')],
    ['validate', ini],
    ['diff', join(samples, 'nova-32.0.0-support-matrix.ini'), ini],
  ];
  try {
    for (const args of runs) {
      const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
      const r = spawnSync(process.execPath, [launcher, ...args], { env: { ...env, FMX_CODE_CACHE: 'write' }, encoding: 'utf8' });
      if (r.status !== 0 && !(args[0] === 'diff' && r.status === 1)) {
        throw new Error(`making the code cache: fmx ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
