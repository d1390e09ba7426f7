/**
 * `fmx diff` as a command: exit codes (0 same, 1 different, 2 trouble),
 * messages, git:REV:PATH, colour, the JSON report against its schema. Mostly
 * in-process; a few runs of the built CLI check the real exit status.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/commands/convert.js';
import { useColor } from '../../src/commands/diff.js';
import { parseGitSpec } from '../../src/io/git.js';
import { fmx } from '../helpers/cli.js';
import { checkSchema } from '../helpers/schema.js';
import { NOVA_RELEASES, novaIni, runDiff } from './helpers.js';

const N15 = novaIni('15.0.0');
const N16 = novaIni('16.0.0');

describe('exit codes and messages', () => {
  it('a file against itself: no changes, exit 0, in every report format', async () => {
    for (const format of ['text', 'md', 'json'] as const) {
      const r = await runDiff(N15, N15, { format });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      if (format === 'json') expect(JSON.parse(r.stdout)).toEqual({ format: 'fmx/diff', version: 1, changes: [] });
      else expect(r.stdout).toMatch(/\bno changes\b/i);
    }
  });

  it('an INI against its own JSON: no changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-diff-'));
    try {
      const json = join(dir, 'n15.json');
      expect(await convert([N15], { output: json }, { report: () => {} })).toBe(0);
      expect((await runDiff(N15, json)).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes: exit 1', async () => {
    const r = await runDiff(N15, N16);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      `${N15} -> ${N16}: 15 changes: 1 driver added, 1 feature added, 1 feature removed, 5 feature changes, 7 implementation changes`,
    );
  });

  it('a missing file: exit 2 and a clear message', async () => {
    const r = await runDiff(N15, 'samples/no-such-file.ini');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('samples/no-such-file.ini: cannot read: no such file');
    const k = await runDiff(N15, N16, { keysFrom: 'nope.ini' });
    expect(k.code).toBe(2);
    expect(k.stderr).toBe('nope.ini: cannot read: no such file');
  });

  it('unreadable input: exit 2 with the position of the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-diff-'));
    try {
      const bad = join(dir, 'bad.ini');
      writeFileSync(bad, '[targets]\ndriver-impl-a=A\n[targets]\n');
      const r = await runDiff(N15, bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: .*targets`));
      const tooBig = await runDiff(N15, N16, { maxSize: 1000 });
      expect(tooBig.code).toBe(2);
      expect(tooBig.stderr).toContain('larger than the limit of 1000 bytes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('both sides on standard input: exit 2', async () => {
    const r = await runDiff('-', '-');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fmx: only one of OLD and NEW can be standard input');
  });

  it('the built CLI exits 0, 1 and 2 and prints no stack trace', () => {
    const changed = fmx(['diff', novaIni('32.0.0'), novaIni('33.0.0'), '--format', 'json']);
    expect(changed.status).toBe(1);
    expect(JSON.parse(changed.stdout).changes).toEqual([
      { kind: 'implementation-changed', feature: 'console.vnc', driver: 'ironic', field: 'status', old: 'missing', new: 'partial' },
    ]);
    const missing = fmx(['diff', N15, 'missing.ini']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('missing.ini: cannot read: no such file\n');
    const stdin = fmx(['diff', '-', N15, '--format', 'json'], { input: readFileSync(N15) });
    expect(stdin.status).toBe(0);
  });
});

describe('git:REV:PATH', () => {
  let repo = '';
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' },
    });

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'fmx-diff-git-'));
    git('init', '-q');
    git('config', 'commit.gpgsign', 'false');
    copyFileSync(N15, join(repo, 'support-matrix.ini'));
    git('add', 'support-matrix.ini');
    git('commit', '-q', '-m', 'ocata');
    git('tag', '15.0.0');
    copyFileSync(N16, join(repo, 'support-matrix.ini'));
    git('commit', '-q', '-a', '-m', 'pike');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('parses the spec', () => {
    expect(parseGitSpec('git:15.0.0:doc/source/support-matrix.ini')).toEqual({ rev: '15.0.0', path: 'doc/source/support-matrix.ini' });
    expect(parseGitSpec('git:HEAD:a:b.ini')).toEqual({ rev: 'HEAD', path: 'a:b.ini' });
    expect(parseGitSpec('samples/x.ini')).toBeNull();
    expect(parseGitSpec('git:HEAD')).toBeNull();
    expect(parseGitSpec('git::x.ini')).toBeNull();
  });

  it('compares two revisions as the files themselves', async () => {
    const viaGit = await runDiff('git:15.0.0:support-matrix.ini', 'git:HEAD:support-matrix.ini', { format: 'json' }, { cwd: repo });
    const viaFiles = await runDiff(N15, N16, { format: 'json' });
    expect(viaGit.stderr).toBe('');
    expect(viaGit.code).toBe(1);
    expect(viaGit.stdout).toBe(viaFiles.stdout);
    const text = await runDiff('git:15.0.0:support-matrix.ini', 'git:HEAD:support-matrix.ini', {}, { cwd: repo });
    expect(text.stdout.split('\n')[0]).toMatch(/^git:15\.0\.0:support-matrix\.ini -> git:HEAD:support-matrix\.ini: 15 changes/);
    const mixed = await runDiff('git:HEAD~1:support-matrix.ini', N15, { format: 'json' }, { cwd: repo });
    expect([mixed.code, JSON.parse(mixed.stdout).changes]).toEqual([0, []]);
  });

  it('a bad revision, a missing path or no repository: exit 2', async () => {
    const bad = await runDiff('git:no-such-rev:support-matrix.ini', N16, {}, { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^git:no-such-rev:support-matrix\.ini: git show no-such-rev:support-matrix\.ini failed: .*no-such-rev/);
    const path = await runDiff('git:HEAD:nope.ini', N16, {}, { cwd: repo });
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/^git:HEAD:nope\.ini: git show HEAD:nope\.ini failed: .*nope\.ini/);
    git('mv', 'support-matrix.ini', 'sub.ini');
    execFileSync('mkdir', ['sub'], { cwd: repo });
    git('mv', 'sub.ini', 'sub/support-matrix.ini');
    git('commit', '-q', '-m', 'move');
    const tree = await runDiff('git:HEAD:sub', N16, {}, { cwd: repo });
    expect([tree.code, tree.stderr]).toEqual([2, 'git:HEAD:sub: is a directory in git, not a file']);
    const moved = await runDiff('git:HEAD~1:support-matrix.ini', 'git:HEAD:sub/support-matrix.ini', {}, { cwd: repo });
    expect(moved.code).toBe(0);
    const option = await runDiff('git:--output=x:y', N16, {}, { cwd: repo });
    expect(option.code).toBe(2);
    expect(option.stderr).toBe("git:--output=x:y: not a git revision: '--output=x'");
    const outside = mkdtempSync(join(tmpdir(), 'fmx-diff-nogit-'));
    try {
      const r = await runDiff('git:HEAD:x.ini', N16, {}, { cwd: outside, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^git:HEAD:x\.ini: git show HEAD:x\.ini failed: /);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('colour', () => {
  it('on a terminal unless NO_COLOR or TERM=dumb; --color and --no-color decide', () => {
    expect(useColor(undefined, { isTTY: true, env: {} })).toBe(true);
    expect(useColor(undefined, { isTTY: false, env: {} })).toBe(false);
    expect(useColor(undefined, { isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(useColor(undefined, { isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
    expect(useColor(undefined, { isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(useColor(true, { isTTY: false, env: { NO_COLOR: '1' } })).toBe(true);
    expect(useColor(false, { isTTY: true, env: {} })).toBe(false);
  });

  it('colours words and statuses, and marks words without colour', async () => {
    const plain = await runDiff(N15, N16, {}, { isTTY: false });
    expect(plain.stdout).not.toContain('\x1b[');
    expect(plain.stdout).toContain('[-cummulative-] {+cumulative+}');
    const tty = await runDiff(N15, N16, {}, { isTTY: true });
    expect(tty.stdout).toContain('\x1b[31mcummulative\x1b[0m \x1b[32mcumulative\x1b[0m');
    expect(tty.stdout).toContain('Ironic: Block storage support: \x1b[31mmissing\x1b[0m -> \x1b[32mcomplete\x1b[0m');
    // without the escapes, the coloured report says the same (less the [- -] {+ +} marks)
    const stripped = tty.stdout.replace(/\x1b\[\d+m/g, '');
    expect(stripped).toBe(plain.stdout.replace(/\[-(.*?)-\]|\{\+(.*?)\+\}/g, '$1$2'));
    // the CLI's --color reaches the report (fmx() sets NO_COLOR, which --color overrides)
    expect(fmx(['diff', N15, N16, '--color']).stdout).toContain('\x1b[');
  });
});

describe('schema/diff.schema.json', () => {
  const schema = JSON.parse(readFileSync('schema/diff.schema.json', 'utf8'));
  const branches = (schema.properties.changes.items.oneOf as { $ref: string }[]).map((b) => ({ ...schema, ...schema.$defs[b.$ref.replace('#/$defs/', '')] }));
  /** The problems of a report, each change checked against exactly one branch of the oneOf. */
  const problems = (report: { format?: string; version?: number; changes?: unknown[] }) => {
    const out = checkSchema({ ...schema, properties: { ...schema.properties, changes: { type: 'array' } } }, report);
    (report.changes ?? []).forEach((c, i) => {
      const fits = branches.filter((b) => checkSchema(b, c).length === 0).length;
      if (fits !== 1) out.push(`/changes/${i}: fits ${fits} of the kinds of change`);
    });
    return out;
  };

  it('describes every report of the nova releases and the hand-made pair', async () => {
    const pairs: [string, string][] = NOVA_RELEASES.slice(1).map((r, i) => [novaIni(NOVA_RELEASES[i]!), novaIni(r)]);
    pairs.push(['test/diff/fixtures/tricky-old.ini', 'test/diff/fixtures/tricky-new.ini']);
    let seen = 0;
    for (const [a, b] of pairs) {
      const report = JSON.parse((await runDiff(a, b, { format: 'json' })).stdout);
      expect(problems(report), `${a} -> ${b}`).toEqual([]);
      seen += report.changes.length;
    }
    expect(seen).toBeGreaterThan(150);
  });

  it('rejects what is not a report', () => {
    expect(problems({ format: 'fmx/diff', version: 1, changes: [{ kind: 'feature-changed', feature: 'f', field: 'colour', old: null, new: 'x' }] })).toEqual([
      '/changes/0: fits 0 of the kinds of change',
    ]);
    expect(problems({ format: 'fmx/matrix', version: 1, changes: [{ kind: 'driver-added' }] })).toEqual([
      '/format: expected "fmx/diff"',
      '/changes/0: fits 0 of the kinds of change',
    ]);
  });
});
