/**
 * The git walk behind `fmx log`, `fmx blame` and `fmx history`.
 *
 * The commits are those `git log --follow REV -- PATH` lists (renames
 * followed), newest first. `--raw` gives, for each commit, the blob of the
 * file at that commit and the blob at its first parent (with the path the
 * file had there): each commit is compared with the version its own parent
 * had, which is what the commit changed. (Comparing with the next commit
 * listed instead would be wrong wherever history is not a line: a change
 * reviewed on an older base and merged later would seem to undo every change
 * merged in between; in cinder that is 130 of 175 commits.)
 *
 * Two git processes in all: `git log` for the list, then one
 * `git cat-file --batch` for every distinct blob, each parsed once. A version
 * that cannot be read is reported and compared past: the commits next to it
 * are compared with the nearest older version that could be read.
 */

import { spawn } from 'node:child_process';
import { error, FmxError, formatDiagnostic } from '../diagnostics.js';
import { getFormat } from '../formats/registry.js';
import type { Matrix } from '../model/matrix.js';

/** One commit of the walk, as git lists it. */
export interface CommitInfo {
  commit: string;
  /** Author date, strict ISO 8601 with the author's offset. */
  date: string;
  author: string;
  subject: string;
  /** The whole commit message (for `--check`). */
  message: string;
  /** The file's path at this commit (from the repository's top). */
  path: string;
}

/** One version of the file: its blob, and the model or why it could not be read. */
export interface Version {
  blob: string;
  matrix: Matrix | null;
  /** Why the version could not be read (a formatted diagnostic). */
  error: string | null;
}

export interface Step extends CommitInfo {
  /** The file at this commit; null when the commit deleted it. */
  version: Version | null;
  /**
   * The readable version this commit is compared with: its first parent's
   * (the nearest older readable one when that cannot be read); null when the
   * file is new here (compared with nothing).
   */
  base: Version | null;
  /** The base is not the parent's version, which could not be read. */
  basePastUnreadable: boolean;
  /** How reports name the base: `<commit>^`, the older commit compared with instead, or `(nothing)`. */
  baseName: string;
}

export interface WalkOptions {
  /** Directory git runs in (`-C`); default: the current directory. */
  cwd?: string;
  /** PATH, relative to `cwd` as git reads pathspecs. */
  path: string;
  /** A revision or range (default HEAD). */
  range?: string;
  /** Called as blobs are read and parsed (for a progress bar). */
  progress?: (done: number, total: number) => void;
}

export interface Walk {
  steps: Step[];
  /** The repository directory git ran in. */
  cwd: string;
}

const NUL_BLOB = /^0+$/;

interface Listed extends CommitInfo {
  blob: string | null;
  parentBlob: string | null;
  parentPath: string | null;
}

/** Walk the history of PATH. Git failures (not a repository, a bad revision) are FmxErrors. */
export async function walk(opts: WalkOptions): Promise<Walk> {
  const cwd = opts.cwd ?? process.cwd();
  const range = opts.range ?? 'HEAD';
  if (range.startsWith('-')) throw error('fmx', `not a git revision: '${range}'`, undefined, undefined, 'input-git');
  const listed = await listCommits(cwd, opts.path, range);
  const blobs = [...new Set(listed.flatMap((c) => [c.blob, c.parentBlob]).filter((b): b is string => b !== null))];
  const versions = await readVersions(cwd, blobs, listed, opts.progress);

  const steps: Step[] = [];
  for (let i = 0; i < listed.length; i++) {
    const c = listed[i]!;
    const version = c.blob === null ? null : versions.get(c.blob)!;
    let base = c.parentBlob === null ? null : versions.get(c.parentBlob)!;
    let past = false;
    let baseName = base ? `${c.commit.slice(0, 12)}^` : '(nothing)';
    if (base && base.matrix === null) {
      past = true;
      base = null;
      baseName = '(nothing)';
      for (let j = i + 1; j < listed.length; j++) {
        const older = listed[j]!.blob === null ? null : versions.get(listed[j]!.blob!)!;
        if (older?.matrix) {
          base = older;
          baseName = listed[j]!.commit.slice(0, 12);
          break;
        }
      }
    }
    steps.push({ commit: c.commit, date: c.date, author: c.author, subject: c.subject, message: c.message, path: c.path, version, base, basePastUnreadable: past, baseName });
  }
  return { steps, cwd };
}

const RS = '\x1e';
const US = '\x1f';

/** `git log --follow --raw`: each commit with the file's blob there and at its first parent. */
async function listCommits(cwd: string, path: string, range: string): Promise<Listed[]> {
  const out = await git(cwd, [
    '-c',
    'core.quotePath=false',
    'log',
    '--follow',
    '-M',
    '--raw',
    '--no-abbrev',
    '--no-color',
    '--no-ext-diff',
    `--format=${RS}%H${US}%aI${US}%an${US}%s${US}%B${US}`,
    range,
    '--',
    path,
  ]);
  const text = out.toString('utf8');
  const commits: Listed[] = [];
  for (const record of text.split(RS)) {
    if (record === '') continue;
    const end = record.lastIndexOf(US);
    const [commit, date, author, subject, message] = record.slice(0, end).split(US) as [string, string, string, string, string];
    const rest = record.slice(end + 1);
    let raw: RawLine | null = null;
    for (const line of rest.split('\n')) {
      if (line.startsWith(':')) {
        raw = parseRaw(line);
        if (raw) break;
      }
    }
    // A commit listed without a raw line (a merge): the file as the newer commit's parent had it.
    const newer = commits[commits.length - 1];
    const knownPath = newer ? (newer.parentPath ?? newer.path) : path;
    commits.push({
      commit,
      date,
      author,
      subject,
      message: message.trim(),
      path: raw ? raw.path : knownPath,
      blob: raw ? raw.blob : null,
      parentBlob: raw ? raw.parentBlob : null,
      parentPath: raw ? raw.parentPath : knownPath,
    });
  }
  return commits;
}

interface RawLine {
  path: string;
  blob: string | null;
  parentBlob: string | null;
  parentPath: string | null;
}

/** `:100644 100644 OLD NEW M\tpath` or `... R100\told\tnew`. */
function parseRaw(line: string): RawLine | null {
  const tab = line.indexOf('\t');
  if (tab < 0) return null;
  const meta = line.slice(1, tab).split(' ');
  const paths = line.slice(tab + 1).split('\t').map(unquote);
  const [, , oldBlob, newBlob, status] = meta;
  if (!oldBlob || !newBlob || !status) return null;
  const renamed = (status.startsWith('R') || status.startsWith('C')) && paths.length === 2;
  const path = renamed ? paths[1]! : paths[0]!;
  return {
    path,
    blob: NUL_BLOB.test(newBlob) ? null : newBlob,
    parentBlob: NUL_BLOB.test(oldBlob) ? null : oldBlob,
    parentPath: NUL_BLOB.test(oldBlob) ? null : renamed ? paths[0]! : path,
  };
}

/** A path as git quotes it when it holds unusual characters ("a\tb", octal escapes). */
function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = Buffer.from(p.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b !== 0x5c) {
      bytes.push(b);
      continue;
    }
    const n = String.fromCharCode(body[++i]!);
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(String.fromCharCode(body[i]!, body[i + 1]!, body[i + 2]!), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Read every distinct blob with one `git cat-file --batch` and parse each once. */
async function readVersions(cwd: string, blobs: string[], listed: Listed[], progress?: (done: number, total: number) => void): Promise<Map<string, Version>> {
  const versions = new Map<string, Version>();
  if (blobs.length === 0) return versions;
  const out = await git(cwd, ['cat-file', '--batch'], blobs.join('\n') + '\n');
  // Name each blob after the first commit (newest) that has it, for messages.
  const where = new Map<string, string>();
  for (const c of listed) {
    if (c.blob !== null && !where.has(c.blob)) where.set(c.blob, `git:${c.commit.slice(0, 12)}:${c.path}`);
  }
  for (const c of listed) {
    if (c.parentBlob !== null && !where.has(c.parentBlob)) where.set(c.parentBlob, `git:${c.commit.slice(0, 12)}^:${c.parentPath}`);
  }
  const reader = await getFormat('ini').reader!();
  let at = 0;
  for (let i = 0; i < blobs.length; i++) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString('latin1');
    const [sha, type, size] = header.split(' ');
    const name = where.get(blobs[i]!) ?? blobs[i]!;
    if (type !== 'blob' || size === undefined) {
      versions.set(blobs[i]!, { blob: blobs[i]!, matrix: null, error: `${name}: git has no such blob` });
      at = nl + 1;
      continue;
    }
    const bytes = out.subarray(nl + 1, nl + 1 + Number(size));
    at = nl + 1 + Number(size) + 1;
    let v: Version;
    try {
      const loaded = await reader.read(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { file: name, warn: () => {} });
      v = { blob: sha!, matrix: loaded.matrix, error: null };
    } catch (e) {
      if (!(e instanceof FmxError)) throw e;
      v = { blob: sha!, matrix: null, error: e.diagnostics.map(formatDiagnostic).join('\n') };
    }
    versions.set(blobs[i]!, v);
    progress?.(i + 1, blobs.length);
  }
  return versions;
}

/** Run git; its standard output, or an FmxError with git's own complaint. */
export function git(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(error('fmx', e.code === 'ENOENT' ? (cwd && e.syscall === 'spawn git' ? 'git is not installed (or not on PATH), or no such directory: ' + cwd : 'git is not installed') : `cannot run git: ${e.message}`, undefined, undefined, 'input-git'));
    });
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const msg = Buffer.concat(err).toString('utf8').trim().split('\n').filter(Boolean).map((l) => l.replace(/^(fatal|error): /, ''));
      reject(error('fmx', `git ${args.find((a) => !a.startsWith('-') && !a.includes('='))} failed: ${msg.join('; ') || `exit code ${code}`}`, undefined, undefined, 'input-git'));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/**
 * The release each commit first shipped in: the oldest tag (by creation date)
 * whose history contains it, as `git tag --contains` would list it. One
 * `git for-each-ref` and one `git rev-list --parents --tags` (started at once,
 * so that they run beside the walk), then each tag in date order claims its
 * ancestors that no older tag claimed. Commits no tag contains are absent;
 * so is everything when the repository has no tags.
 */
export function releaseIndex(cwd: string): Promise<(commits: ReadonlySet<string>) => Map<string, string>> {
  const refsP = git(cwd, ['for-each-ref', '--sort=creatordate', '--format=%(refname:short)%00%(objectname)%00%(*objectname)', 'refs/tags']);
  const graphP = git(cwd, ['rev-list', '--parents', '--tags']);
  // Both are awaited together: a failure of either (not a repository) surfaces once, from the walk.
  return Promise.all([refsP, graphP]).then(
    ([refsOut, graphOut]) =>
      (commits) => {
        const found = new Map<string, string>();
        const refs = refsOut
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split('\0') as [string, string, string]);
        if (refs.length === 0 || commits.size === 0) return found;
        const parents = new Map<string, string[]>();
        for (const line of graphOut.toString('latin1').split('\n')) {
          if (line === '') continue;
          const sp = line.indexOf(' ');
          parents.set(sp < 0 ? line : line.slice(0, sp), sp < 0 ? [] : line.slice(sp + 1).split(' '));
        }
        const claimed = new Set<string>();
        for (const [name, object, peeled] of refs) {
          const tip = peeled || object;
          if (!parents.has(tip) || claimed.has(tip)) continue;
          const stack = [tip];
          claimed.add(tip);
          while (stack.length) {
            const c = stack.pop()!;
            if (commits.has(c)) found.set(c, name);
            for (const p of parents.get(c)!) {
              if (!claimed.has(p)) {
                claimed.add(p);
                stack.push(p);
              }
            }
          }
          if (found.size === commits.size) break;
        }
        return found;
      },
    () => () => new Map<string, string>(),
  );
}
