/**
 * Reading a file as it was at a git revision: `git:REV:PATH` is what
 * `git show REV:PATH` prints in the current repository (PATH is relative to
 * the repository's top, as git reads it; `git:REV:./PATH` is relative to the
 * current directory).
 */

import { error } from '../diagnostics.js';
import { DEFAULT_MAX_SIZE } from './decode.js';

export interface GitSpec {
  rev: string;
  path: string;
}

/** `git:REV:PATH` split into its revision and path, or null when `s` is not one. */
export function parseGitSpec(s: string): GitSpec | null {
  if (!s.startsWith('git:')) return null;
  const rest = s.slice(4);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return null;
  return { rev: rest.slice(0, colon), path: rest.slice(colon + 1) };
}

/**
 * The bytes of PATH at REV. Failures (no git, not a repository, a bad
 * revision, no such path, too large) are FmxErrors naming `git:REV:PATH`.
 */
export function readGitFile(spec: GitSpec, opts: { cwd?: string; maxSize?: number } = {}): Promise<Uint8Array> {
  const name = `git:${spec.rev}:${spec.path}`;
  const maxSize = opts.maxSize ?? DEFAULT_MAX_SIZE;
  if (spec.rev.startsWith('-')) {
    return Promise.reject(error(name, `not a git revision: '${spec.rev}'`, undefined, undefined, 'input-git'));
  }
  // node:child_process (and the net and stream modules it loads) only when a revision is read: some milliseconds of every start.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['show', '--no-textconv', `${spec.rev}:${spec.path}`],
      { cwd: opts.cwd, encoding: 'buffer', maxBuffer: maxSize + 1, windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) {
          // `git show` lists a tree (a directory) instead of failing
          if (stdout.subarray(0, 64).toString('utf8').startsWith(`tree ${spec.rev}:${spec.path}\n\n`)) {
            reject(error(name, 'is a directory in git, not a file', undefined, undefined, 'input-git'));
          } else resolve(new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength));
          return;
        }
        const e = err as NodeJS.ErrnoException & { code?: string | number };
        let why: string;
        if (e.code === 'ENOENT') why = 'git is not installed (or not on PATH)';
        else if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          why = `input is larger than the limit of ${maxSize} bytes (raise it with --max-size)`;
        } else {
          const msg = Buffer.from(stderr).toString('utf8').trim().split('\n').filter(Boolean);
          why = `git show ${spec.rev}:${spec.path} failed: ${msg.length ? msg.join('; ').replace(/^fatal: /, '') : e.message}`;
        }
        reject(error(name, why, undefined, undefined, 'input-git'));
      },
    );
  });
}
