#!/usr/bin/env node
'use strict';
/**
 * The `fmx` command (package.json's bin; scripts/bundle.mjs copies this file
 * to dist/bin/fmx.cjs, beside the bundle `main.cjs` and its chunks).
 *
 * It starts the bundle with V8's code cache: what V8 compiled for a script of
 * the bundle in an earlier run (its bytecode, the functions that ran
 * included) is kept in `code-cache/` beside it and handed back to V8 the next
 * time, instead of parsing and compiling the script again. On these machines
 * that is some 10-20 ms of a 130 ms conversion. Node 22 has this built in
 * (`module.enableCompileCache`); Node 20 has not.
 *
 * - A cache file starts with a line naming its script's size and
 *   modification time (as Python's .pyc does): V8 itself checks only the
 *   script's length, its own version and its flags. A cache that does not
 *   match, or that V8 rejects, is not used, and is made again at exit.
 * - The build makes the caches (FMX_CODE_CACHE=write: rewrite the cache of
 *   every script a run loaded, at exit, so that a few runs of different
 *   commands add up); a run that finds one missing or stale writes it, where
 *   it can (atomically; an installation it cannot write to runs uncached).
 * - NODE_DISABLE_COMPILE_CACHE (Node's own switch for its cache) or
 *   --enable-source-maps: the bundle is loaded as Node loads any script.
 *
 * Only the files of this directory go through here; anything else (Node's
 * modules, sql.js's WebAssembly) is loaded as usual.
 */

const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const here = __dirname;
const main = require.main;
const cacheDir = path.join(here, 'code-cache');

if (!process.env.NODE_DISABLE_COMPILE_CACHE && !process.sourceMapsEnabled) {
  const vm = require('node:vm');
  const refresh = process.env.FMX_CODE_CACHE === 'write';
  /** Scripts compiled in this run whose cache is to be written at exit: [script, cache file, header]. */
  const toWrite = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (path.dirname(filename) !== here) return compile.call(this, content, filename);
    const cacheFile = path.join(cacheDir, path.basename(filename));
    let header = null;
    let cachedData;
    try {
      const st = fs.statSync(filename);
      header = `${st.size} ${st.mtimeMs}\n`;
      const bytes = fs.readFileSync(cacheFile);
      const end = bytes.indexOf(10);
      if (end > 0 && bytes.toString('latin1', 0, end + 1) === header) cachedData = bytes.subarray(end + 1);
    } catch {
      /* no cache yet */
    }
    // A first line `#!...` is a comment to Node; inside the wrapper it must be made one.
    const source = Module.wrap(content.startsWith('#!') ? '//' + content : content);
    const script = new vm.Script(source, { filename, cachedData });
    if (header !== null && (refresh || cachedData === undefined || script.cachedDataRejected)) toWrite.push([script, cacheFile, header]);
    const fn = script.runInThisContext({ displayErrors: true });
    const module = this;
    const require = (id) => module.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
    require.main = main;
    require.cache = Module._cache;
    return fn.call(module.exports, module.exports, require, module, filename, here);
  };
  process.once('exit', () => {
    for (const [script, cacheFile, header] of toWrite) {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(header, 'latin1'), script.createCachedData()]));
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A read-only installation runs uncached.
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          /* nothing was written */
        }
      }
    }
  });
}

require('./main.cjs');
