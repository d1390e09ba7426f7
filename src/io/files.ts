/**
 * Reading inputs and writing outputs: size limits, stdin/stdout, atomic files.
 * Regular files are read and written with the synchronous calls (a command
 * does one thing at a time): node:fs/promises, its worker threads and a round
 * trip through the event loop per call cost some milliseconds of every run.
 * Pipes and devices stay asynchronous: their other end may be this process.
 */

import { closeSync, createReadStream, fchmodSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { error, FmxError } from '../diagnostics.js';
import { DEFAULT_MAX_SIZE } from './decode.js';

/**
 * Read a file (or standard input for `-`), refusing inputs over `maxSize`
 * bytes. Pipes and devices (`/dev/zero`) are read as streams and cut off at
 * the limit too. What an archive inflates to is the XLSX reader's to check
 * (ReadOptions.maxSize), so that input from git or a library caller is held
 * to the same limit.
 */
export async function readInput(file: string, maxSize = DEFAULT_MAX_SIZE): Promise<Uint8Array> {
  if (file === '-') return readStream(process.stdin, '-', maxSize);
  let regular: boolean;
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw error(file, 'is a directory, not a file', undefined, undefined, 'input-unreadable');
    regular = st.isFile();
    size = st.size;
  } catch (e) {
    throw asReadError(e, file);
  }
  if (size > maxSize) throw tooLarge(file, maxSize);
  try {
    if (!regular) return await readStream(createReadStream(file), file, maxSize);
    const bytes = readFileSync(file);
    // The file may have grown between stat and read.
    if (bytes.length > maxSize) throw tooLarge(file, maxSize);
    return bytes;
  } catch (e) {
    throw asReadError(e, file);
  }
}

function tooLarge(file: string, maxSize: number) {
  return error(file, `input is larger than the limit of ${maxSize} bytes (raise it with --max-size)`, undefined, undefined, 'input-too-large');
}

function asReadError(e: unknown, file: string) {
  if (e && typeof e === 'object' && 'diagnostics' in e) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : String((e as Error)?.message ?? e);
  return error(file, `cannot read: ${why}`, undefined, undefined, 'input-unreadable');
}

async function readStream(stream: NodeJS.ReadableStream, file: string, maxSize: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += b.length;
    if (total > maxSize) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      throw tooLarge(file, maxSize);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Output made piece by piece: `pump` calls `sink` with each chunk in order
 * and waits for it before making the next, so a writer may fill and hand
 * over the same buffer again and again (a chunk is lent until its promise
 * resolves). A large output then never exists whole in memory.
 */
export type Pump = (sink: (chunk: Uint8Array) => Promise<void>) => Promise<void>;

/**
 * Write a file atomically: the data goes to a temporary file in the same
 * directory, flushed to disk, then renamed over the target. A failed write
 * leaves the target as it was and no temporary file behind; readers of the
 * target see the old or the new content, never a part. The target may be the
 * input itself (it was read whole before). A symbolic link is written
 * through: the file it points to is replaced, the link stays. `-` writes to
 * stdout. A device or a pipe (`-o /dev/null`, a FIFO) is written to, never
 * replaced by a regular file.
 */
export async function writeOutput(file: string, data: string | Uint8Array | Pump): Promise<void> {
  if (file === '-') {
    if (typeof data === 'function') await data(toStdout);
    else await toStdout(data);
    return;
  }
  let target = path.resolve(file);
  try {
    target = realpathSync(target);
  } catch {
    /* a new file: write it where it was named */
  }
  let existing: ReturnType<typeof statSync>;
  try {
    existing = statSync(target, { throwIfNoEntry: false });
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) {
    throw error(file, `cannot write: ${writeFailure({ code: 'EISDIR' })}`, undefined, undefined, 'output-unwritable');
  }
  // A device, a FIFO, a socket: written to as it is.
  if (existing && !existing.isFile()) return writeThrough(file, target, data);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o666);
    try {
      await writeAll(data, (bytes) => writeBytes(fd, bytes));
      // A new file keeps the default mode; a replaced one keeps its own.
      if (existing) fchmodSync(fd, Number(existing.mode) & 0o7777);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof FmxError) throw e;
    // A system error's own message names the temporary file: say it in words instead.
    const why = (e as NodeJS.ErrnoException)?.code ? writeFailure(e) : String((e as Error)?.message ?? e);
    throw error(file, `cannot write: ${why}`, undefined, undefined, 'output-unwritable');
  }
}

/** Why a write failed, in words that name nothing but the user's file (never the temporary file's name). */
function writeFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory (name a file, or use --out-dir)';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return code ? `system error ${code}` : 'the file could not be written';
  }
}

/** Hand `data` to `sink` whole, or chunk by chunk as a pump makes it. */
async function writeAll(data: string | Uint8Array | Pump, sink: (bytes: Uint8Array) => void | Promise<void>): Promise<void> {
  if (typeof data === 'function') await data(async (chunk) => sink(chunk));
  else await sink(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}

function writeBytes(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Write into a device or a pipe as it is (no temporary file: there is nothing
 * to replace). Asynchronously: a FIFO's reader may be this very process.
 */
async function writeThrough(file: string, target: string, data: string | Uint8Array | Pump): Promise<void> {
  try {
    const fh = await process.getBuiltinModule('node:fs/promises').open(target, 'w');
    try {
      await writeAll(data, async (bytes) => {
        for (let done = 0; done < bytes.length; ) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
      });
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw error(file, `cannot write: ${String((e as Error)?.message ?? e)}`, undefined, undefined, 'output-unwritable');
  }
}

/** Write to standard output; resolves once the data is handed to the system (or its reader has gone). */
function toStdout(data: string | Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    process.stdout.write(data, (err) => (err && !readerGone(err) ? reject(err) : resolve()));
  });
}

/**
 * The reader of a pipe went away (`fmx convert big.ini | head`): output ends
 * there, quietly, as for any Unix filter; it is not an error of fmx.
 */
export function readerGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * The standard streams never throw: a gone reader ends output quietly, another
 * error exits 1 with a message. Node makes each stream when it is first used
 * (loading its stream modules then, some milliseconds); the guard goes on at
 * that moment, so a run that prints nothing never makes them.
 */
export function quietOnClosedPipes(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    if (!own?.get || !own.configurable) {
      guard(process[name]);
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable,
      get() {
        Object.defineProperty(process, name, own);
        const stream = own.get!.call(process) as NodeJS.WriteStream;
        guard(stream);
        return stream;
      },
    });
  }
}

function guard(stream: NodeJS.WriteStream): void {
  stream.on('error', (err) => {
    if (readerGone(err)) return;
    if (stream === process.stdout) process.stderr.write(`fmx: cannot write to standard output: ${err.message}\n`);
    process.exit(1);
  });
}
