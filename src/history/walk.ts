/**
 * The git walk behind `fmx log`, `fmx blame` and `fmx history`.
 *
 * The commits are those `git log --follow REV -- PATH` lists (renames
 * followed), newest first (see `listCommits`). `--raw` gives, for each commit, the blob of the
 * file at that commit and the blob at its first parent (with the path the
 * file had there): each commit is compared with the version its own parent
 * had, which is what the commit changed. (Comparing with the next commit
 * listed instead would be wrong wherever history is not a line: a change
 * reviewed on an older base and merged later would seem to undo every change
 * merged in between; in cinder that is 130 of 175 commits.)
 *
 * Two git processes for the walk (and one `git diff-tree` per rename):
 * `git log` for the list, and one
 * `git cat-file --batch` that is asked for each distinct blob as git log
 * names it; each is parsed once, while git goes on walking. A version
 * that cannot be read is reported and compared past: the commits next to it
 * are compared with the nearest older version that could be read.
 */

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { error, FmxError, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { getFormat } from '../formats/registry.js';
import type { Matrix } from '../model/matrix.js';
import type { Loaded, ReaderModule } from '../formats/types.js';

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
  /**
   * Releases will be asked for: start naming them (`releasesOf`) beside the
   * rest of the walk, the commits listed under each name of the file as soon
   * as git log lists the commit that added it there (renamed or created).
   */
  releases?: boolean;
  /**
   * Asked once git log reaches the commit that created the file (not renamed
   * there), with the steps down to it, when that version can be read: true
   * when they are enough, and older commits need not be listed (`fmx blame`,
   * once every cell is explained). git log is then stopped, and the walk is
   * those steps.
   */
  enough?: (steps: Step[]) => boolean;
  /**
   * What to keep of each version read but the newest (the first git log
   * names): default, the whole matrix. `fmx blame` keeps only the cells'
   * statuses, which spares keeping (and the garbage collector copying)
   * every version's notes.
   */
  keep?: (m: Matrix) => Matrix;
}

export interface Walk {
  steps: Step[];
  /** The repository directory git ran in. */
  cwd: string;
  /** The release each of these commits first shipped in (see `releasesOf`). */
  releases(commits: Iterable<string>): Promise<Map<string, string>>;
}

const NUL_BLOB = /^0+$/;

interface Listed extends CommitInfo {
  /** Committer date (seconds), as git's date cut-offs use. */
  time: number;
  blob: string | null;
  parentBlob: string | null;
  parentPath: string | null;
}

/** Walk the history of PATH. Git failures (not a repository, a bad revision) are FmxErrors. */
export async function walk(opts: WalkOptions): Promise<Walk> {
  const cwd = opts.cwd ?? process.cwd();
  const range = opts.range ?? 'HEAD';
  if (range.startsWith('-')) throw error('fmx', `not a git revision: '${range}'`, undefined, undefined, 'input-git');
  // git starts walking first; the INI reader loads meanwhile (versions wait for it).
  const blobs = new BlobReader(cwd, getFormat('ini').reader!(), opts.progress, opts.keep);
  const namer = opts.releases ? new Namer(cwd) : null;
  const hooks: ListHooks = {
    onBlob: (blob, name, own) => blobs.want(blob, name, own),
    onAdded: (segment, newest) => namer?.start(segment, newest),
    onSegment: (segment, newest) => {
      namer?.start(segment, newest);
      // Older names come next: their commits are named of some of the tags.
      namer?.readTags();
    },
    onCreated: async (listed, segment, newest) => {
      namer?.start(segment, newest, true);
      if (!opts.enough) return false;
      // Every blob down to the creation was asked for before it: wait for them, not for the rest.
      const versions = await blobs.parsed();
      const created = listed[listed.length - 1]!;
      if (!versions.get(created.blob!)?.matrix) return false;
      if (listed.some((c) => (c.blob !== null && !versions.has(c.blob)) || (c.parentBlob !== null && !versions.has(c.parentBlob)))) return false;
      return opts.enough(stepsOf(listed, versions));
    },
  };
  let listed: Listed[];
  try {
    // Blobs are asked for as git log names them: reading and parsing go on while git walks.
    listed = await listCommits(cwd, opts.path, range, hooks);
  } catch (e) {
    blobs.abandon();
    throw e;
  }
  const steps = stepsOf(listed, await blobs.done());
  const releases = async (commits: Iterable<string>): Promise<Map<string, string>> => {
    const want = [...new Set(commits)];
    return namer ? namer.get(want) : releasesOf(cwd, want);
  };
  return { steps, cwd, releases };
}

/**
 * The steps of listed commits: each compared with its parent's version, or
 * past it, when that cannot be read, with the nearest older listed one that can.
 */
function stepsOf(listed: Listed[], versions: ReadonlyMap<string, Version>): Step[] {
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
  return steps;
}

/** What the listing tells as it goes. */
interface ListHooks {
  /** A blob git named: the file at a commit (`own`) or at its parent. */
  onBlob: (blob: string, name: string, own: boolean) => void;
  /**
   * git log listed a commit that added the file (renamed or created there):
   * `segment`, the commits listed under the current name down to it, will be
   * in the walk whatever the check of that commit finds (a rename or the
   * creation ends the segment there; more follow only where the file was
   * created again, and are handed on then).
   */
  onAdded: (segment: Listed[], newest: boolean) => void;
  /**
   * A rename ended the listing under one name: `segment` are the commits
   * listed under it; `newest`: it is the first name (the newest commits).
   */
  onSegment: (segment: Listed[], newest: boolean) => void;
  /**
   * git log reached the commit that created the file (the last of `listed`,
   * everything listed down to it); `segment` the part of them under the
   * current name. Resolves true to stop listing there.
   */
  onCreated: (listed: Listed[], segment: Listed[], newest: boolean) => Promise<boolean>;
}

const RS = '\x1e';
/** Pathspec magic: PATH from the repository's top, taken literally (no wildcards). */
const TOP = ':(top,literal)';
const US = '\x1f';

/**
 * The revisions to list older history from, once the file turned out to be
 * added at `commit`: its first parent, with the range's lower bound. Null
 * when the range cannot go on (`X^!`, a symmetric `A...B`).
 */
function olderRevs(range: string, commit: string): string[] | null {
  if (range.endsWith('^!') || range.includes('...')) return null;
  const dots = range.indexOf('..');
  return dots < 0 ? [`${commit}^`] : [`${commit}^`, ...(dots > 0 ? [`^${range.slice(0, dots)}`] : [])];
}

/**
 * The commits of PATH's history, newest first, each with the file's blob
 * there and at its first parent: what `git log --follow` lists. Plain
 * `git log --no-merges -- PATH` lists them three times faster than
 * `--follow` (which diffs every commit for renames); where the file turns
 * out to be added, `git diff-tree -M` on that commit says whether it was
 * renamed from another path, and the listing goes on there. Streamed: each
 * blob is handed on as soon as git names it.
 */
async function listCommits(cwd: string, path: string, range: string, hooks: ListHooks): Promise<Listed[]> {
  const commits: Listed[] = [];
  let revs = [range];
  let current = path;
  let ended: { segment: Listed[]; newest: boolean } | null = null;
  for (;;) {
    const start = commits.length;
    const listing = listSegment(cwd, current, revs, range, commits, start, hooks);
    // Told once the next git log has started: it is what everything waits for.
    if (ended) hooks.onSegment(ended.segment, ended.newest);
    const renamed = await listing;
    if (!renamed) break;
    const oldest = commits[commits.length - 1]!;
    oldest.parentBlob = renamed.blob;
    oldest.parentPath = renamed.path;
    hooks.onBlob(renamed.blob, `git:${oldest.commit.slice(0, 12)}^:${renamed.path}`, false);
    ended = { segment: commits.slice(start), newest: start === 0 };
    revs = olderRevs(range, oldest.commit)!;
    // git names the source from the repository's top, and a pathspec is read from the directory
    // git runs in (`-C`, a subdirectory of the work tree perhaps): say it is from the top.
    current = TOP + renamed.path;
  }
  return commits;
}

/** Where `commit` renamed `path` from (and the blob there), as git's rename detection sees it. */
async function renameSource(cwd: string, commit: string, path: string): Promise<{ path: string; blob: string } | null> {
  // `--root` compares a root commit with the empty tree: nothing is renamed there.
  const out = (await git(cwd, ['-c', 'core.quotePath=false', 'diff-tree', '-M', '-r', '--raw', '--no-abbrev', '--no-commit-id', '--root', commit])).toString('utf8');
  for (const line of out.split('\n')) {
    const raw = line.startsWith(':') ? parseRaw(line) : null;
    if (raw && raw.path === path && raw.parentPath !== null && raw.parentPath !== path && raw.parentBlob !== null) return { path: raw.parentPath, blob: raw.parentBlob };
  }
  return null;
}

/**
 * One `git log --raw -- PATH` over `revs`, its commits appended to
 * `commits` (those of this segment from `start` on). Where the file turns
 * out to be added, `git diff-tree -M` asks (while git log goes on) whether
 * it was renamed there; the newest commit that renamed it ends the segment,
 * as it ends `git log --follow`'s walk under that name: git log is stopped,
 * commits it listed past it are dropped, and the rename's source is returned
 * for the next segment. Where it was not renamed, `hooks.onCreated` may end
 * the whole listing there the same way.
 */
async function listSegment(
  cwd: string,
  path: string,
  revs: string[],
  range: string,
  commits: Listed[],
  start: number,
  hooks: ListHooks,
): Promise<{ path: string; blob: string } | null> {
  // Each commit that added the file: renamed there (and from where), or the listing ends there.
  const checks: { at: number; ends: Promise<{ path: string; blob: string } | 'enough' | null> }[] = [];
  const control: StreamControl = {};
  let stopped = false;
  const named = path.startsWith(TOP) ? path.slice(TOP.length) : path;
  const take = (record: string) => {
    // Nothing, or the blank line after a record already taken.
    if (stopped || !record.includes(US)) return;
    const end = record.lastIndexOf(US);
    const [commit, time, date, author, subject, message] = record.slice(0, end).split(US) as [string, string, string, string, string, string];
    const rest = record.slice(end + 1);
    let raw: RawLine | null = null;
    for (const line of rest.split('\n')) {
      if (line.startsWith(':')) {
        raw = parseRaw(line);
        if (raw) break;
      }
    }
    const c: Listed = {
      commit,
      time: Number(time),
      date,
      author,
      subject,
      message: message.trim(),
      path: raw ? raw.path : named,
      blob: raw ? raw.blob : null,
      parentBlob: raw ? raw.parentBlob : null,
      parentPath: raw ? raw.parentPath : named,
    };
    commits.push(c);
    if (c.blob !== null && c.parentBlob === null && olderRevs(range, commit) !== null) {
      const at = commits.length;
      // Mostly the listing ends here: git log waits (instead of walking on through the older
      // history, on another core than fmx's but taking it from the rest) until that is known.
      control.pause?.();
      // Releases are named while git diff-tree tells whether this was a rename.
      hooks.onAdded(commits.slice(start, at), start === 0);
      const ends = renameSource(cwd, commit, c.path).then(async (r) => {
        if (!r) {
          if (stopped) return null;
          const enough = await hooks.onCreated(commits.slice(0, at), commits.slice(start, at), start === 0);
          if (!enough || stopped) return null;
        }
        stopped = true;
        control.kill?.();
        return r ?? 'enough';
      });
      // Not the end after all (or the check failed, reported below once git log is done): go on.
      ends.then(
        (r) => r === null && control.resume?.(),
        () => control.resume?.(),
      );
      checks.push({ at: commits.length - 1, ends });
    }
    if (c.blob !== null) hooks.onBlob(c.blob, `git:${commit.slice(0, 12)}:${c.path}`, true);
    if (c.parentBlob !== null) hooks.onBlob(c.parentBlob, `git:${commit.slice(0, 12)}^:${c.parentPath}`, false);
  };
  let pending = '';
  const decoder = new TextDecoder('utf-8');
  await gitStream(
    cwd,
    ['-c', 'core.quotePath=false', 'log', '--no-merges', '--raw', '--no-abbrev', '--no-color', '--no-ext-diff', '--no-renames', `--format=${RS}%H${US}%ct${US}%aI${US}%an${US}%s${US}%B${US}`, ...revs, '--', path],
    (chunk) => {
      pending += decoder.decode(chunk, { stream: true });
      const cut = pending.lastIndexOf(RS);
      if (cut < 0) return;
      if (cut > 0) {
        const whole = pending.slice(0, cut);
        pending = pending.slice(cut);
        for (const record of whole.split(RS)) take(record);
      }
      // The last record is whole once its raw line is (one path, one line): take it now, not when
      // the next one starts (git may walk a long way before that; a rename there ends the segment).
      const u = pending.lastIndexOf(US);
      if (u > 0 && /\n:[^\n]*\t[^\n]*\n/.test(pending.slice(u))) {
        take(pending.slice(1));
        pending = '';
      }
    },
    undefined,
    control,
  );
  if (!stopped) {
    pending += decoder.decode();
    for (const record of pending.split(RS)) take(record);
  }
  for (const { at, ends } of checks) {
    const r = await ends;
    if (r) {
      commits.length = at + 1;
      return r === 'enough' ? null : r;
    }
  }
  return null;
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

/**
 * One `git cat-file --batch` for the walk: each distinct blob is asked for
 * once, as the listing names it, and parsed as soon as it arrives.
 */
class BlobReader {
  private readonly versions = new Map<string, Version>();
  private readonly asked: { blob: string; name: string }[] = [];
  private child: ChildProcessWithoutNullStreams | null = null;
  private finished: Promise<void> | null = null;
  /** What git cat-file printed and is not parsed yet (not joined: a long queue is not copied for every chunk). */
  private readonly chunks: Buffer[] = [];
  private queued = 0;
  private next = 0;
  private failure: unknown = null;

  constructor(
    private readonly cwd: string,
    loading: Promise<ReaderModule>,
    private readonly progress?: (done: number, total: number) => void,
    private readonly keep?: (m: Matrix) => Matrix,
  ) {
    this.loaded = loading.then(
      (r) => {
        this.reader = r;
        this.pump();
      },
      (e) => {
        this.failure ??= e;
      },
    );
  }

  private reader: ReaderModule | null = null;
  private readonly loaded: Promise<void>;

  /**
   * Ask for a blob. `name` names it in messages: the newest commit that has
   * it (`own`), else the first commit whose parent has it.
   */
  want(blob: string, name: string, own: boolean): void {
    const known = this.names.get(blob);
    if (!known || (own && !known.own)) this.names.set(blob, { name, own });
    if (this.seen.has(blob)) return;
    this.seen.add(blob);
    this.asked.push({ blob, name });
    // Names asked for in one go (a chunk of git log's output) are written at once: one pipe write, not one each.
    const stdin = this.start().stdin;
    if (!this.corked) {
      this.corked = true;
      stdin.cork();
      process.nextTick(() => {
        this.corked = false;
        stdin.uncork();
      });
    }
    stdin.write(blob + '\n');
  }

  private readonly seen = new Set<string>();
  private corked = false;
  private readonly names = new Map<string, { name: string; own: boolean }>();
  /** Why versions could not be read, named once the whole listing is known. */
  private readonly errors = new Map<string, Diagnostic[]>();

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, windowsHide: true });
    this.child = child;
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {});
    child.stdout.on('data', (b: Buffer) => {
      this.chunks.push(b);
      this.queued += b.length;
      this.pump();
    });
    this.finished = new Promise<void>((resolve, reject) => {
      child.on('error', (e) => reject(error('fmx', `cannot run git: ${e.message}`, undefined, undefined, 'input-git')));
      child.on('close', async (code) => {
        await this.loaded;
        this.drain(Infinity);
        for (const w of this.waiting.splice(0)) w.resolve(this.versions);
        if (code === 0 || this.next === this.asked.length) return resolve();
        const msg = Buffer.concat(err).toString('utf8').trim().replace(/^(fatal|error): /, '');
        reject(error('fmx', `git cat-file failed: ${msg || `exit code ${code}`}`, undefined, undefined, 'input-git'));
      });
    });
    return child;
  }

  private pumping = false;

  /**
   * Parse the versions that arrived, one per turn of the event loop: the
   * other processes' output (git log's next commits, a rename found, a
   * process to start) is not kept waiting behind a run of parsing.
   */
  private pump(): void {
    if (this.pumping || !this.reader) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      if (this.drain(1)) this.pump();
    });
  }

  /** Parse up to `most` whole objects of the buffer; true when one was parsed (more may be there). */
  private drain(most: number): boolean {
    try {
      return this.drainSome(most);
    } catch (e) {
      this.failure ??= e;
      return false;
    }
  }

  /** The first `n` queued bytes in one buffer: the leading chunks joined as far as needed. */
  private head(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    let k = 1;
    let length = first.length;
    while (length < n) length += this.chunks[k++]!.length;
    const joined = Buffer.concat(this.chunks.slice(0, k), length);
    this.chunks.splice(0, k, joined);
    return joined;
  }

  /** Drop the first `n` queued bytes. */
  private consume(n: number): void {
    this.queued -= n;
    while (n > 0) {
      const c = this.chunks[0]!;
      if (c.length <= n) {
        this.chunks.shift();
        n -= c.length;
      } else {
        this.chunks[0] = c.subarray(n);
        n = 0;
      }
    }
  }

  private drainSome(most: number): boolean {
    let parsed = 0;
    for (; parsed < most; parsed++) {
      if (this.queued === 0) break;
      // `SHA blob SIZE` or `NAME missing`: a short line.
      const start = this.head(Math.min(this.queued, 200));
      const nl = start.indexOf(10);
      if (nl < 0) break;
      const header = start.subarray(0, nl).toString('latin1');
      const [sha, type, size] = header.split(' ');
      const { blob } = this.asked[this.next]!;
      if (type !== 'blob' || size === undefined) {
        this.versions.set(blob, { blob, matrix: null, error: null });
        this.errors.set(blob, [{ file: '', message: 'git has no such blob', severity: 'error' }]);
        this.consume(nl + 1);
        this.done1();
        continue;
      }
      const end = nl + 1 + Number(size);
      if (this.queued < end + 1) break;
      const bytes = this.head(end + 1).subarray(nl + 1, end);
      this.consume(end + 1);
      let v: Version;
      try {
        // The INI reader is synchronous: a version is parsed while the next ones arrive.
        const loaded = this.reader!.read(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { file: '', warn: () => {} }) as Loaded;
        v = { blob: sha!, matrix: this.keep && this.next > 0 ? this.keep(loaded.matrix) : loaded.matrix, error: null };
      } catch (e) {
        if (!(e instanceof FmxError)) throw e;
        v = { blob: sha!, matrix: null, error: null };
        this.errors.set(blob, e.diagnostics);
      }
      this.versions.set(blob, v);
      this.done1();
    }
    return parsed > 0;
  }

  private done1(): void {
    this.next++;
    this.progress?.(this.next, this.asked.length);
    while (this.waiting.length && this.waiting[0]!.upTo <= this.next) this.waiting.shift()!.resolve(this.versions);
  }

  private readonly waiting: { upTo: number; resolve: (v: ReadonlyMap<string, Version>) => void }[] = [];

  /** The versions once every blob asked for so far is parsed (fewer if git cat-file fails). */
  parsed(): Promise<ReadonlyMap<string, Version>> {
    if (this.next >= this.asked.length) return Promise.resolve(this.versions);
    return new Promise((resolve) => this.waiting.push({ upTo: this.asked.length, resolve }));
  }

  /** Every blob asked for, read and parsed. */
  async done(): Promise<Map<string, Version>> {
    if (this.child) {
      this.child.stdin.end();
      await this.finished;
    }
    if (this.failure) throw this.failure;
    for (const [blob, diagnostics] of this.errors) {
      const file = this.names.get(blob)!.name;
      this.versions.get(blob)!.error = diagnostics.map((d) => formatDiagnostic({ ...d, file })).join('\n');
    }
    return this.versions;
  }

  abandon(): void {
    this.child?.kill();
  }
}

/** Run git; its standard output, or an FmxError with git's own complaint. */
export async function git(cwd: string, args: string[], input?: string): Promise<Buffer> {
  const out: Buffer[] = [];
  await gitStream(cwd, args, (b) => out.push(b), input);
  return Buffer.concat(out);
}

/**
 * What the caller of `gitStream` may do to the running git: `kill` it (what it
 * printed so far is all that is wanted), or `pause` it while deciding that and
 * `resume` it if not. Pauses nest; where processes cannot be stopped
 * (Windows) git just goes on.
 */
interface StreamControl {
  kill?: () => void;
  pause?: () => void;
  resume?: () => void;
}

/** SIGSTOP and SIGCONT: job control, POSIX only. */
const CAN_PAUSE = process.platform !== 'win32';

/** Run git, handing its standard output over chunk by chunk. */
function gitStream(cwd: string, args: string[], onData: (chunk: Buffer) => void, input?: string, control?: StreamControl): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let killed = false;
    let paused = 0;
    let exited = false;
    // A stopped git would outlive fmx, stopped for ever: whatever ends fmx ends it.
    const reap = () => child.kill('SIGKILL');
    if (control) {
      control.kill = () => {
        killed = true;
        child.stdout.removeAllListeners('data');
        child.kill();
        if (paused > 0) child.kill('SIGCONT');
        resolve();
      };
      control.pause = () => {
        if (!CAN_PAUSE || killed || exited || paused++ > 0) return;
        process.on('exit', reap);
        child.kill('SIGSTOP');
      };
      control.resume = () => {
        if (!CAN_PAUSE || paused === 0 || --paused > 0 || killed || exited) return;
        process.off('exit', reap);
        child.kill('SIGCONT');
      };
    }
    const err: Buffer[] = [];
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(error('fmx', e.code === 'ENOENT' ? (cwd && e.syscall === 'spawn git' ? 'git is not installed (or not on PATH), or no such directory: ' + cwd : 'git is not installed') : `cannot run git: ${e.message}`, undefined, undefined, 'input-git'));
    });
    child.on('exit', () => {
      exited = true;
      process.off('exit', reap);
    });
    child.on('close', (code) => {
      if (code === 0 || killed) return resolve();
      const msg = Buffer.concat(err).toString('utf8').trim().split('\n').filter(Boolean).map((l) => l.replace(/^(fatal|error): /, ''));
      reject(error('fmx', `git ${args.find((a) => !a.startsWith('-') && !a.includes('='))} failed: ${msg.join('; ') || `exit code ${code}`}`, undefined, undefined, 'input-git'));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/**
 * How far past the newest commit under an older name of the file its commits'
 * releases are first looked for: four months (a release cycle's milestones;
 * on nova, a year's reach made that name-rev a quarter slower, and the two
 * together cost as much as one over both only with the shorter reach).
 */
const RELEASE_REACH = 120 * 86400;

/**
 * Names releases beside the walk (`WalkOptions.releases`): the commits of
 * each segment of the listing are handed to one `git name-rev` as soon as
 * git log is past them (the newest segment's, once the listing is past it
 * too: see `start`). Its cost is the part of the tag graph it reads:
 * everything from the tags down to the oldest commit asked. The newest
 * segment is asked of every tag; an older one (commits before a rename) of
 * the tags created at most four months after its newest commit, which leaves
 * the newer part of the graph out (on nova, the two halves run side by side
 * instead of one walk from 2014's commits through every tag); a commit none
 * of them contains is asked again of every tag. The oldest tag containing a
 * commit is among those when any of them contains it, so the answer is the same.
 */
class Namer {
  /** A commit's release; null: none; undefined: naming failed (asked again in `get`). */
  private readonly named = new Map<string, Promise<string | null | undefined>>();
  private tags: Promise<{ time: number; ref: string }[]> | null = null;

  constructor(private readonly cwd: string) {}

  /** The newest segment, not named yet: see `start`. */
  private newest: Listed[] | null = null;

  /**
   * Start naming a segment's commits, or, for the newest segment, wait until
   * the listing is known to end with it (`last`) or reaches an older name:
   * its name-rev walks from every tag, and while it does, the git log of the
   * older name (the walk everything else waits for) would share a core with
   * it and with fmx's parsing (on nova's two names, on two cores: that git
   * log took twice as long, and the whole blame 4% longer).
   */
  start(segment: Listed[], newest: boolean, last = false): void {
    if (newest && !last) {
      this.newest = segment;
      return;
    }
    if (this.newest) {
      const first = this.newest;
      this.newest = null;
      this.name(first, true);
    }
    this.name(segment, newest);
  }

  private name(segment: Listed[], newest: boolean): void {
    const fresh = segment.filter((c) => !this.named.has(c.commit));
    if (fresh.length === 0) return;
    const commits = fresh.map((c) => c.commit);
    let found: Promise<Map<string, string>>;
    if (newest) found = releasesOf(this.cwd, commits);
    else {
      const bound = Math.max(...fresh.map((c) => c.time)) + RELEASE_REACH;
      found = this.tagsUpTo(bound).then(async (refs) => {
        const first = await releasesOf(this.cwd, commits, refs ?? undefined);
        const rest = refs ? commits.filter((c) => !first.has(c)) : [];
        if (rest.length) for (const [c, r] of await releasesOf(this.cwd, rest)) first.set(c, r);
        return first;
      });
    }
    // A failure is reported by `get`, which asks again.
    const settled = found.catch(() => null);
    for (const c of commits) this.named.set(c, settled.then((m) => (m ? (m.get(c) ?? null) : undefined)));
  }

  /** Start reading the tags and their dates. */
  readTags(): Promise<{ time: number; ref: string }[]> {
    this.tags ??= git(this.cwd, ['for-each-ref', '--format=%(creatordate:unix) %(refname)', 'refs/tags']).then((out) =>
      out
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => ({ time: Number(l.slice(0, l.indexOf(' '))), ref: l.slice(l.indexOf(' ') + 1) })),
    );
    this.tags.catch(() => {});
    return this.tags;
  }

  /** The tags created up to `bound` (full names); null when that is every tag. */
  private async tagsUpTo(bound: number): Promise<string[] | null> {
    const tags = await this.readTags();
    const some = tags.filter((t) => t.time <= bound).map((t) => t.ref);
    // Each is an argument of name-rev: a command line has room for some thousands, not for any number.
    return some.length === tags.length || some.length > 4000 ? null : some;
  }

  /** The release of each commit (absent: none); commits not started are named now. */
  async get(commits: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const later: string[] = [];
    await Promise.all(
      commits.map(async (c) => {
        const r = await this.named.get(c);
        if (r === undefined) later.push(c);
        else if (r !== null) out.set(c, r);
      }),
    );
    for (const [c, r] of await releasesOf(this.cwd, later)) out.set(c, r);
    return out;
  }
}

/**
 * The release each commit first shipped in: the oldest tag (by creation date:
 * the tagger's date, a lightweight tag's commit date) whose history contains
 * it, as `git tag --contains --sort=creatordate` lists first. One
 * `git name-rev --tags` names them all: name-rev walks down from every tag and
 * prefers, for each commit, the name from the older tag even when it is
 * farther away; it stops a day before the oldest commit asked for, so it reads
 * only the part of the graph that matters. `refs` (full names) limits it to
 * those tags. Commits no tag contains are absent; so is everything when the
 * repository has no tags.
 */
export async function releasesOf(cwd: string, commits: Iterable<string>, refs?: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const all = [...new Set(commits)];
  if (all.length === 0 || refs?.length === 0) return found;
  const only = refs ? refs.map((r) => `--refs=${r}`) : [];
  // A few thousand hashes per command line.
  for (let i = 0; i < all.length; i += 2000) {
    const chunk = all.slice(i, i + 2000);
    const out = (await git(cwd, ['name-rev', '--tags', ...only, '--name-only', ...chunk])).toString('utf8').split('\n');
    chunk.forEach((c, j) => {
      const name = out[j] ?? 'undefined';
      // `TAG`, `TAG~3`, `TAG~3^2~1`: no tag name holds `~` or `^`.
      const tag = name.replace(/[~^].*$/, '');
      if (tag !== '' && name !== 'undefined') found.set(c, tag);
    });
  }
  return found;
}
