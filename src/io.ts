/** Reading inputs and writing outputs: size limits, stdin/stdout, atomic files. */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { error } from './diagnostics.js';

export const DEFAULT_MAX_SIZE = 256 * 1024 * 1024;

/** Read a file (or standard input for `-`), refusing inputs over `maxSize` bytes. */
export async function readInput(file: string, maxSize = DEFAULT_MAX_SIZE): Promise<Uint8Array> {
  if (file === '-') return readStream(process.stdin, '-', maxSize);
  let size: number;
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) throw error(file, 'is a directory, not a file', undefined, undefined, 'input-unreadable');
    size = st.size;
  } catch (e) {
    throw asReadError(e, file);
  }
  if (size > maxSize) throw tooLarge(file, maxSize);
  try {
    return await fs.readFile(file);
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
    if (total > maxSize) throw tooLarge(file, maxSize);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Write a file atomically: the data goes to a temporary file in the same
 * directory, which is then renamed over the target. A failed write leaves the
 * target as it was and no temporary file behind. `-` writes to stdout.
 */
export async function writeOutput(file: string, data: string | Uint8Array): Promise<void> {
  if (file === '-') {
    await new Promise<void>((resolve, reject) => {
      process.stdout.write(data, (err) => (err ? reject(err) : resolve()));
    });
    return;
  }
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' });
    try {
      const st = await fs.stat(file);
      await fs.chmod(tmp, st.mode & 0o7777);
    } catch {
      /* a new file keeps the default mode */
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    const code = (e as NodeJS.ErrnoException)?.code;
    throw error(file, `cannot write: ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : String((e as Error)?.message ?? e)}`, undefined, undefined, 'output-unwritable');
  }
}
