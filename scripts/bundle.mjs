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
    input: { fmx: join(root, 'dist', 'cli.js') },
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
} catch (e) {
  process.stderr.write(`bundling the fmx command failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
