#!/usr/bin/env node
/**
 * `npm start`: convert every bundled sample to every format fmx writes,
 * under out/, in one process (loading fmx and its libraries once), the jobs
 * spread over worker threads where the machine has cores to spare. Each job
 * is what `fmx convert SAMPLES --to FORMAT --out-dir out/DIR` does (the
 * same function, so the same files and messages).
 *
 * A format is one line in JOBS.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = () =>
  readdirSync(join(root, 'samples'))
    .filter((f) => f.endsWith('.ini'))
    .sort()
    .map((f) => join('samples', f));
const pages = () =>
  readdirSync(join(root, 'samples', 'rendered'))
    .sort()
    .map((f) => join('samples', 'rendered', f));

/** What to make: output format, convert options, directory under out/ (default: the format), inputs (default: the INI samples). */
const JOBS = [
  { to: 'json' },
  { to: 'ini' },
  { to: 'md' },
  { to: 'csv', layout: 'wide', dir: 'csv' },
  { to: 'csv', layout: 'long', dir: 'csv-long' },
  { to: 'xlsx' },
  // The page people open in a browser (it carries the model: it reads back too).
  { to: 'html' },
  // The published pages (HTML and text copies) read into the same model.
  { to: 'json', dir: 'pages', inputs: pages, what: 'published pages' },
];

/** Run jobs in this thread: [{ dir, line, ok, errors }]. */
async function runJobs(indices) {
  const { convert } = await import(pathToFileURL(join(root, 'dist', 'commands', 'convert.js')).href);
  const results = [];
  for (const n of indices) {
    const job = JOBS[n];
    const dir = join('out', job.dir ?? job.to);
    const inputs = (job.inputs ?? samples)().map((f) => join(root, f));
    const errors = [];
    const t = performance.now();
    const reporter = { report: (d) => d.severity === 'error' && errors.push(`${relative(root, d.file)}${d.line ? `:${d.line}` : ''}: ${d.message}`) };
    const code = await convert(inputs, { to: job.to, layout: job.layout ?? 'wide', formulaGuard: true, outDir: join(root, dir) }, reporter);
    const what = job.what ?? 'INI files';
    const secs = ((performance.now() - t) / 1000).toFixed(1);
    results.push({ n, ok: code === 0, line: `${dir}/: ${inputs.length} ${what} as ${job.to}${job.layout ? ` --layout ${job.layout}` : ''} (${secs} s)`, errors });
  }
  return results;
}

if (!isMainThread) {
  parentPort.postMessage(await runJobs(workerData));
} else {
  const started = performance.now();
  for (const job of JOBS) mkdirSync(join(root, 'out', job.dir ?? job.to), { recursive: true });
  // The heavy writers (xlsx, md) first, each thread taking the next job in turn.
  const order = JOBS.map((_, n) => n).sort((a, b) => weight(JOBS[b]) - weight(JOBS[a]));
  const threads = Math.max(1, Math.min(availableParallelism(), 4, JOBS.length));
  const shares = Array.from({ length: threads }, () => []);
  order.forEach((n, i) => shares[i % threads].push(n));
  const parts = await Promise.all(
    shares.map((share, t) =>
      t === 0
        ? runJobs(share)
        : new Promise((resolve, reject) => {
            const w = new Worker(fileURLToPath(import.meta.url), { workerData: share });
            w.once('message', resolve);
            w.once('error', reject);
          }),
    ),
  );
  const results = parts.flat().sort((a, b) => a.n - b.n);
  let failed = 0;
  for (const r of results) {
    if (r.ok) console.log(r.line);
    else {
      failed++;
      console.log(`${r.line}: failed\n${r.errors.slice(0, 5).join('\n')}`);
    }
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(failed ? `\n${failed} format(s) failed.` : `\nAll samples converted to every format under out/ (${secs} s, ${threads} thread(s)).`);
  process.exitCode = failed ? 1 : 0;
}

/** Rough cost of a job, to start the slow ones first. */
function weight(job) {
  return { xlsx: 4, md: 3 }[job.to] ?? 1;
}
