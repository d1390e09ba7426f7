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
import { build } from 'rolldown';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

try {
  await build({
    input: { fmx: join(root, 'dist', 'cli.js') },
    platform: 'node',
    logLevel: 'warn',
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
