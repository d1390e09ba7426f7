/**
 * fmx log, blame and history on a repository built in the test (repo.ts):
 * a rename, a dialect change, an unreadable version, a side branch and a
 * merge, two tags. Every command's output is checked whole, in every format.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import initSqlJs from 'sql.js';
import { fmx } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { checkSchema } from '../helpers/schema.js';
import { ROOT } from '../helpers/samples.js';
import { walk } from '../../src/history/walk.js';
import { progressBar } from '../../src/history/progress.js';
import { cellId } from '../../src/formats/html/layout.js';
import { buildRepo, OLD_PATH, PATH } from './repo.js';

let dir = '';
let bare = '';
beforeAll(() => {
  ({ dir, bare } = buildRepo());
});
afterAll(() => {
  if (dir) rmSync(dirname(dir), { recursive: true, force: true });
});

const UNREADABLE =
  'fmx: warning: a version cannot be read and is compared past: git:873696abcaa2:doc/source/user/support-matrix.ini:39:1: duplicate section [operation.detach-volume] (first at line 32)\n';
const schema = (name: string) => JSON.parse(readFileSync(ROOT + `schema/${name}.schema.json`, 'utf8'));

describe('the test repository', () => {
  test('has the commits the tests expect (hashes are fixed by names, dates and contents)', () => {
    const r = fmx(['log', '-C', dir, PATH, '--format', 'json']);
    const commits = JSON.parse(r.stdout).commits.map((c: { commit: string; subject: string; path: string }) => `${c.commit.slice(0, 7)} ${c.path} ${c.subject}`);
    expect(commits).toEqual([
      `eb6a108 ${PATH} libvirt: detach is partial`,
      `336074e ${PATH} Mark Xen unsupported`,
      `21ed08a ${PATH} Hyper-V: mark attach unsupported`,
      `02f728c ${PATH} Fix the detach feature`,
      `873696a ${PATH} Add detach feature`,
      `f8d73e9 ${PATH} Use the support-matrix dialect`,
      `c0c8d30 ${PATH} Move the matrix to user/`,
      `b7f8804 ${OLD_PATH} libvirt: attach complete`,
      `61cf819 ${OLD_PATH} Add support matrix`,
    ]);
  });

  test('each distinct blob is read and parsed once (9 versions for 9 commits and their parents)', async () => {
    const seen: number[] = [];
    const w = await walk({ cwd: dir, path: PATH, progress: (done, total) => seen.push(done, total) });
    expect(w.steps).toHaveLength(9);
    // Blobs are asked for as git names them, so the total grows while the walk goes on; it ends at 9.
    expect(seen.filter((_, i) => i % 2 === 0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.slice(-2)).toEqual([9, 9]);
    // The rename is compared with the same version (no changes), the dialect change too.
    expect(w.steps[6]!.base).toBe(w.steps[7]!.version);
  });
});

describe('fmx log', () => {
  for (const format of ['text', 'md', 'json', 'csv']) {
    test(`--format ${format}`, () => {
      const r = fmx(['log', '-C', dir, PATH, '--format', format]);
      expect(r.stderr).toBe(UNREADABLE);
      expect(r.status).toBe(0);
      expectGolden(`history/log.${format === 'text' ? 'txt' : format}`, r.stdout);
    });
  }

  test('a bare repository gives the same log', () => {
    const work = fmx(['log', '-C', dir, PATH, '--format', 'json']);
    const b = fmx(['log', '-C', bare, PATH, '--format', 'json']);
    expect(b.status).toBe(0);
    expect(b.stdout).toBe(work.stdout);
  });

  test('the JSON follows schema/log.schema.json, its changes schema/diff.schema.json', () => {
    const report = JSON.parse(fmx(['log', '-C', dir, PATH, '--format', 'json']).stdout);
    expect(checkSchema(schema('log'), report)).toEqual([]);
    const changes = report.commits.flatMap((c: { changes: unknown[] }) => c.changes);
    expect(changes.length).toBeGreaterThan(5);
    expect(checkSchema(schema('diff'), { format: 'fmx/diff', version: 1, changes })).toEqual([]);
  });

  test('--feature and --driver by title narrow the log to one cell', () => {
    const r = fmx(['log', '-C', dir, PATH, '--feature', 'attach block volume to  instance', '--driver', 'HYPER-V', '--format', 'json']);
    expect(r.status).toBe(0);
    expectGolden('history/log-cell.json', r.stdout);
  });

  test('--driver by key narrows the log to one column', () => {
    const r = fmx(['log', '-C', dir, PATH, '--driver', 'libvirt-kvm']);
    expect(r.status).toBe(0);
    expectGolden('history/log-driver.txt', r.stdout);
  });

  test('a range', () => {
    const r = fmx(['log', '-C', dir, PATH, '1.0.0..2.0.0', '--format', 'csv']);
    expect(r.status).toBe(0);
    expectGolden('history/log-range.csv', r.stdout);
  });

  test('an unknown feature is an error naming it', () => {
    const r = fmx(['log', '-C', dir, PATH, '--feature', 'teleport']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(UNREADABLE + "fmx: no feature 'teleport' (key or title) in any version of the file\n");
    expect(r.stdout).toBe('');
  });

  test('an unknown driver or feature close to a key or a title is answered with the keys meant', () => {
    const part = fmx(['log', '-C', dir, PATH, '--feature', 'Attach block volume']);
    expect(part.status).toBe(1);
    expect(part.stderr).toBe(UNREADABLE + "fmx: no feature 'Attach block volume' (key or title) in any version of the file; did you mean 'operation.attach-volume'?\n");
    const typo = fmx(['log', '-C', dir, PATH, '--driver', 'hypervv']);
    expect(typo.stderr).toBe(UNREADABLE + "fmx: no driver 'hypervv' (key or title) in any version of the file; did you mean 'hyperv'?\n");
    expect(typo.stdout).toBe('');
  });
});

describe('fmx log narrowed where features and drivers come and go', () => {
  // A repository of its own: 1 drivers a, b and feature f; 2 adds driver c (a cell in f);
  // 3 adds feature g with cells for a and c; 4 removes driver b; 5 removes feature g.
  let repo = '';
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'fmx-history-narrow-'));
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(repo, '.none'), HOME: repo };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: 'ignore' });
    const matrix = (drivers: string[], features: Record<string, string[]>) =>
      drivers.map((d) => `[driver.${d}]\ntitle=Driver ${d.toUpperCase()}\n`).join('\n') +
      Object.entries(features)
        .map(([f, cells]) => `\n[operation.${f}]\ntitle=Feature ${f}\nstatus=optional\n` + cells.map((d) => `driver.${d}=complete\n`).join(''))
        .join('');
    git('init', '-q', '-b', 'main');
    const versions: [string, string][] = [
      ['Add the matrix', matrix(['a', 'b'], { f: ['a', 'b'] })],
      ['Add driver C', matrix(['a', 'b', 'c'], { f: ['a', 'b', 'c'] })],
      ['Add feature G', matrix(['a', 'b', 'c'], { f: ['a', 'b', 'c'], g: ['a', 'c'] })],
      ['Remove driver B', matrix(['a', 'c'], { f: ['a', 'c'], g: ['a', 'c'] })],
      ['Remove feature G', matrix(['a', 'c'], { f: ['a', 'c'] })],
    ];
    versions.forEach(([subject, text], i) => {
      writeFileSync(join(repo, 'm.ini'), text);
      git('add', 'm.ini');
      const when = `2020-01-0${i + 1}T12:00:00+00:00`;
      execFileSync('git', ['commit', '-q', '--no-verify', '-m', subject], {
        cwd: repo,
        env: { ...env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_AUTHOR_DATE: when, GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_COMMITTER_DATE: when },
        stdio: 'ignore',
      });
    });
  });
  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });
  const log = (...args: string[]) => {
    const r = fmx(['log', '-C', repo, 'm.ini', ...args, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return (JSON.parse(r.stdout).commits as { subject: string; changes: Record<string, string>[] }[]).map((c) => ({ [c.subject]: c.changes }));
  };

  test('--driver: a feature added or removed with a cell of the driver is that cell added or removed', () => {
    expect(log('--driver', 'a')).toEqual([
      { 'Remove feature G': [{ kind: 'implementation-removed', feature: 'operation.g', driver: 'a' }] },
      { 'Add feature G': [{ kind: 'implementation-added', feature: 'operation.g', driver: 'a' }] },
      { 'Add the matrix': [{ kind: 'driver-added', driver: 'a' }] },
    ]);
    // b has no cell in g: g's coming and going is not b's history.
    expect(log('--driver', 'Driver B').map((c) => Object.keys(c)[0])).toEqual(['Remove driver B', 'Add the matrix']);
  });

  test('--feature: a driver added or removed with a cell in the feature is that cell added or removed', () => {
    expect(log('--feature', 'operation.f')).toEqual([
      { 'Remove driver B': [{ kind: 'implementation-removed', feature: 'operation.f', driver: 'b' }] },
      { 'Add driver C': [{ kind: 'implementation-added', feature: 'operation.f', driver: 'c' }] },
      { 'Add the matrix': [{ kind: 'feature-added', feature: 'operation.f' }] },
    ]);
  });

  test('--feature and --driver: the one cell, however it came', () => {
    expect(log('--feature', 'operation.g', '--driver', 'c')).toEqual([
      { 'Remove feature G': [{ kind: 'implementation-removed', feature: 'operation.g', driver: 'c' }] },
      { 'Add feature G': [{ kind: 'implementation-added', feature: 'operation.g', driver: 'c' }] },
    ]);
    expect(log('--feature', 'operation.f', '--driver', 'c')).toEqual([{ 'Add driver C': [{ kind: 'implementation-added', feature: 'operation.f', driver: 'c' }] }]);
    expect(log('--feature', 'operation.f', '--driver', 'a')).toEqual([{ 'Add the matrix': [{ kind: 'implementation-added', feature: 'operation.f', driver: 'a' }] }]);
  });
});

describe('releases of commits made under an older name of the file', () => {
  // Commits under the old name are first named from the tags created up to four months after them; a
  // commit no such tag contains is named from every tag. Here the first tag that contains the old
  // name's last commit was made two years after it (an annotated tag, dated by its tagger); the
  // one tag made before it holds only the first commit.
  let repo = '';
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'fmx-history-late-'));
    const base = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(repo, '.none'), HOME: repo };
    const at = (when: string) => ({ ...base, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_AUTHOR_DATE: when, GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_COMMITTER_DATE: when });
    const git = (when: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, env: at(when), stdio: 'ignore' });
    const m = (status: string) => `[driver.a]\ntitle=A\n\n[operation.f]\ntitle=F\nstatus=optional\ndriver.a=${status}\n`;
    git('2018-01-01T00:00:00Z', 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'old.ini'), m('partial'));
    git('2018-01-01T00:00:00Z', 'add', 'old.ini');
    git('2018-01-01T00:00:00Z', 'commit', '-q', '--no-verify', '-m', 'Add the matrix');
    git('2018-01-02T00:00:00Z', 'tag', '-a', 'early', '-m', 'early', 'HEAD');
    writeFileSync(join(repo, 'old.ini'), m('complete'));
    git('2018-02-01T00:00:00Z', 'commit', '-q', '--no-verify', '-a', '-m', 'A is complete');
    git('2018-03-01T00:00:00Z', 'mv', 'old.ini', 'new.ini');
    git('2018-03-01T00:00:00Z', 'commit', '-q', '--no-verify', '-m', 'Move the matrix');
    git('2020-03-01T00:00:00Z', 'tag', '-a', 'late', '-m', 'late', 'HEAD');
  });
  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  test('blame names the oldest tag containing the commit, however long after it came', () => {
    const r = fmx(['blame', '-C', repo, 'new.ini', '--format', 'csv']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(1, 2)).toEqual([expect.stringMatching(/^operation\.f,a,complete,[0-9a-f]{40},2018-02-01T00:00:00\+00:00,A,A is complete,late$/)]);
    const tables = JSON.parse(fmx(['history', '-C', repo, 'new.ini', '--format', 'json']).stdout).tables;
    expect(tables.commits.map((c: { subject: string; release: string }) => `${c.subject}: ${c.release}`)).toEqual(['Move the matrix: late', 'A is complete: late', 'Add the matrix: early']);
  });
});

describe('a file created, deleted, created again and renamed, after a long history', () => {
  // git log waits at each commit that adds the file while fmx asks whether it was renamed there.
  // Here the newest addition is a rename (git log is stopped there and the walk goes on under the
  // old name), the next a creation that is not the end (fmx log wants everything: git log is woken),
  // then the first creation (stopped and woken again), with 20,000 older commits for git log to walk
  // (about 0.1 s), so that it is still walking when it is stopped. Were it never woken, fmx would
  // wait for ever.
  let repo = '';
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'fmx-history-again-'));
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(repo, '.none'), HOME: repo, MALLOC_TOP_PAD_: String(256 << 20) };
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env, stdio: 'ignore' });
    const m = (status: string) => `[driver.a]\ntitle=A\n\n[operation.f]\ntitle=F\nstatus=optional\ndriver.a=${status}\n`;
    const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
    const commit = (i: number, subject: string, change: string) => `commit refs/heads/main\ncommitter A <a@example.org> ${1500000000 + i * 60} +0000\n${data(subject)}${change}`;
    const stream: string[] = [];
    for (let i = 0; i < 20000; i++) stream.push(commit(i, 'Other', `M 100644 inline other.txt\n${data(String(i))}`));
    stream.push(commit(20000, 'Add', `M 100644 inline m.ini\n${data(m('partial'))}`));
    stream.push(commit(20001, 'Remove', 'D m.ini\n'));
    stream.push(commit(20002, 'Add again', `M 100644 inline m.ini\n${data(m('complete'))}`));
    stream.push(commit(20003, 'Move', 'R m.ini n.ini\n'));
    // glibc's malloc gives memory back after each commit unless told to keep some: 20 s instead of 0.4.
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: stream.join(''), stdio: ['pipe', 'ignore', 'ignore'] });
  });
  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  test('fmx log lists what git log --follow lists; blame stops at the creation that explains every cell', () => {
    const follow = execFileSync('git', ['log', '--follow', '--format=%H %s', 'main', '--', 'n.ini'], { cwd: repo, encoding: 'utf8' }).trim().split('\n');
    expect(follow.map((l) => l.slice(41))).toEqual(['Move', 'Add again', 'Remove', 'Add']);
    const log = fmx(['log', '-C', repo, 'n.ini', 'main', '--format', 'json'], { timeout: 20000 });
    expect([log.status, log.stderr]).toEqual([0, '']);
    expect(JSON.parse(log.stdout).commits.map((c: { commit: string; subject: string }) => `${c.commit} ${c.subject}`)).toEqual(follow);
    const blame = fmx(['blame', '-C', repo, 'n.ini', 'main', '--format', 'csv'], { timeout: 20000 });
    expect(blame.stderr).toBe('');
    expect(blame.stdout.split('\n')[1]).toMatch(/^operation\.f,a,complete,[0-9a-f]{40},2017-07-28T00:02:00\+00:00,A,Add again,$/);
  });
});

describe('fmx log --check', () => {
  for (const format of ['text', 'md', 'json', 'csv']) {
    test(`--format ${format}: the wrong-feature "Mark unsupported" and the bad rebase are flagged (exit 1)`, () => {
      const r = fmx(['log', '-C', dir, PATH, '--check', '--format', format]);
      expect(r.status).toBe(1);
      expectGolden(`history/check.${format === 'text' ? 'txt' : format}`, r.stdout);
    });
  }

  test('on one commit (REV^!), with nothing to flag: exit 0 and no output', () => {
    const r = fmx(['log', '-C', dir, PATH, '--check', '21ed08a^!']);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('on one commit (REV^!) that is flagged', () => {
    const r = fmx(['log', '-C', dir, PATH, '--check', '336074e^!', '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(checkSchema(schema('log'), report)).toEqual([]);
    expect(report.commits.map((c: { flags: unknown[] }) => c.flags)).toEqual([
      [
        {
          rule: 'unrelated-feature',
          feature: 'operation.detach-volume',
          driver: 'xen',
          old: 'complete',
          new: 'missing',
          reason: "operation.detach-volume (Detach block volume from instance) changed for xen, but the subject names operation.supported ('unsupport')",
        },
      ],
    ]);
  });
});

describe('fmx blame', () => {
  for (const format of ['text', 'md', 'json', 'csv']) {
    test(`--format ${format}`, () => {
      const r = fmx(['blame', '-C', bare, PATH, '--format', format]);
      expect(r.stderr).toBe(UNREADABLE);
      expect(r.status).toBe(0);
      expectGolden(`history/blame.${format === 'text' ? 'txt' : format}`, r.stdout);
    });
  }

  test('--format html: the HTML page of the matrix at REV, each cell with its last change', () => {
    const r = fmx(['blame', '-C', bare, PATH, '--format', 'html']);
    expect(r.stderr).toBe(UNREADABLE);
    expect(r.status).toBe(0);
    // The page reads back to the matrix at REV.
    const tmp = mkdtempSync(join(tmpdir(), 'fmx-blame-'));
    writeFileSync(join(tmp, 'page.html'), r.stdout);
    writeFileSync(join(tmp, 'head.ini'), execFileSync('git', ['-C', bare, 'show', `HEAD:${PATH}`]));
    const back = fmx(['convert', join(tmp, 'page.html'), '--to', 'json']);
    expect(back.status).toBe(0);
    expect(back.stdout).toBe(fmx(['convert', join(tmp, 'head.ini'), '--to', 'json']).stdout);
    // Every cell's popup gives its last change, as blame found it (no cell here has notes or a release).
    const tips = new Map([...r.stdout.matchAll(/<td id="([^"]+)" class="[^"]*"(?: data-tip="([^"]*)")?>/g)].map((m) => [m[1]!, m[2] ?? '']));
    const unattr = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const got = new Map([...tips].map(([id, tip]) => [id, unattr(tip)]));
    expect(got.size).toBe(9);
    expect(got.get(cellId('operation.attach-volume', 'hyperv'))).toBe(
      'Last changed 2018-09-01T12:00:00+00:00 in eb6a1089270e: libvirt: detach is partial (Grace)',
    );
    expect(got.get(cellId('operation.detach-volume', 'xen'))).toBe('Last changed 2018-07-15T12:00:00+00:00 (2.0.0) in 336074ed45b3: Mark Xen unsupported (Erin)');
    expect(got.get(cellId('operation.supported', 'libvirt-kvm'))).toBe('Last changed 2018-01-01T12:00:00+00:00 (1.0.0) in 61cf81980452: Add support matrix (Alice)');
    const cells = JSON.parse(fmx(['blame', '-C', bare, PATH, '--format', 'json']).stdout).cells as Record<string, string>[];
    for (const c of cells) {
      const line = `Last changed ${c.date}${c.release ? ` (${c.release})` : ''} in ${c.commit!.slice(0, 12)}: ${c.subject} (${c.author})`;
      expect(got.get(cellId(c.feature!, c.driver!)), `${c.feature} ${c.driver}`).toBe(line);
      // ... and the feature's details say the same under the cell's link.
      expect(r.stdout).toContain(`<a href="#${cellId(c.feature!, c.driver!)}">`);
      expect(r.stdout).toContain(`<br><small>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</small></li>`);
    }
  });

  test('the JSON follows schema/blame.schema.json', () => {
    const report = JSON.parse(fmx(['blame', '-C', dir, PATH, '--format', 'json']).stdout);
    expect(checkSchema(schema('blame'), report)).toEqual([]);
    expect(report.cells).toHaveLength(9);
  });


  test('-C a subdirectory of the work tree, PATH relative to it: the history before the rename is kept', () => {
    const top = JSON.parse(fmx(['blame', '-C', dir, PATH, '--format', 'json']).stdout);
    const r = fmx(['blame', '-C', join(dir, 'doc'), 'source/user/support-matrix.ini', '--format', 'json']);
    expect(r.status).toBe(0);
    const sub = JSON.parse(r.stdout);
    expect(sub.path).toBe('source/user/support-matrix.ini');
    expect(sub.cells).toEqual(top.cells);
    // Cells unchanged since the file was created under its old name are blamed on that commit.
    expect(sub.cells.filter((c: { subject: string }) => c.subject === 'Add support matrix')).toHaveLength(4);
    // The log lists the commits under the old name too (their paths from the repository's top).
    const log = JSON.parse(fmx(['log', '-C', join(dir, 'doc', 'source'), 'user/support-matrix.ini', '--format', 'json']).stdout);
    expect(log.commits.map((c: { path: string }) => c.path)).toEqual([...Array(7).fill(PATH), OLD_PATH, OLD_PATH]);
  });
  test('at an older revision, under the old path, before any tag but the first', () => {
    const r = fmx(['blame', '-C', dir, OLD_PATH, '1.0.0', '--format', 'csv']);
    expect(r).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        'feature,driver,status,commit,date,author,subject,release',
        'operation.attach-volume,libvirt-kvm,complete,b7f880488d3e394db37e29b0932f2f3d929667bd,2018-02-01T12:00:00+00:00,Bob,libvirt: attach complete,1.0.0',
        'operation.attach-volume,hyperv,complete,61cf8198045284370ad17d1656e69b3ee9cd73c2,2018-01-01T12:00:00+00:00,Alice,Add support matrix,1.0.0',
        'operation.attach-volume,xen,complete,61cf8198045284370ad17d1656e69b3ee9cd73c2,2018-01-01T12:00:00+00:00,Alice,Add support matrix,1.0.0',
        'operation.supported,libvirt-kvm,complete,61cf8198045284370ad17d1656e69b3ee9cd73c2,2018-01-01T12:00:00+00:00,Alice,Add support matrix,1.0.0',
        'operation.supported,hyperv,complete,61cf8198045284370ad17d1656e69b3ee9cd73c2,2018-01-01T12:00:00+00:00,Alice,Add support matrix,1.0.0',
        'operation.supported,xen,complete,61cf8198045284370ad17d1656e69b3ee9cd73c2,2018-01-01T12:00:00+00:00,Alice,Add support matrix,1.0.0',
        '',
      ].join('\n'),
    });
  });

  test('when the newest version cannot be read, blame says so and fails', () => {
    const r = fmx(['blame', '-C', dir, PATH, '873696a']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      UNREADABLE +
        'fmx: the newest version cannot be read: git:873696abcaa2:doc/source/user/support-matrix.ini:39:1: duplicate section [operation.detach-volume] (first at line 32)\n',
    );
  });

  test('a bad revision, a missing directory, a range: clear errors, no stack', () => {
    const bad = fmx(['blame', '-C', dir, PATH, 'no-such-rev']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^fmx: git log failed: .*no-such-rev/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = fmx(['blame', '-C', join(dir, 'nope'), PATH]);
    expect(missing).toEqual({ status: 1, stdout: '', stderr: `${join(dir, 'nope')}: no such directory (-C)\n` });
    const range = fmx(['blame', '-C', dir, PATH, 'a..b']);
    expect(range).toEqual({ status: 2, stdout: '', stderr: "fmx: blame takes one revision, not a range: 'a..b'\n" });
  });
});

describe('fmx convert --to html --history', () => {
  const tipsOf = (page: string): [string, string][] => [...page.matchAll(/<td id="([^"]+)" class="[^"]*"(?: data-tip="([^"]*)")?>/g)].map((m) => [m[1]!, m[2] ?? '']);

  test('a file of a work tree: the page fmx blame --format html writes (blamed at HEAD)', () => {
    const blamed = fmx(['blame', '-C', dir, PATH, '--format', 'html']);
    const r = fmx(['convert', join(dir, PATH), '--to', 'html', '--history']);
    expect(r.stderr).toBe(UNREADABLE);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(blamed.stdout);
    expect(tipsOf(r.stdout).filter(([, tip]) => tip.startsWith('Last changed '))).toHaveLength(9);
  });

  test('-C DIR with a path in the repository (a bare one): the same page; -o writes it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fmx-conv-')), 'page.html');
    const r = fmx(['convert', '-C', bare, PATH, '--history', '-o', out]);
    expect(r).toEqual({ status: 0, stdout: '', stderr: UNREADABLE });
    expect(readFileSync(out, 'utf8')).toBe(fmx(['convert', join(dir, PATH), '--to', 'html', '--history']).stdout);
  });

  test('a cell edited since HEAD has no last change; the others keep theirs', () => {
    const clone = join(mkdtempSync(join(tmpdir(), 'fmx-conv-')), 'clone');
    execFileSync('git', ['clone', '-q', bare, clone]);
    const file = join(clone, PATH);
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/(\[operation\.detach-volume\][^[]*?driver\.xen=)missing/, '$1complete');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const r = fmx(['convert', file, '--to', 'html', '--history']);
    expect(r.status).toBe(0);
    const tips = new Map(tipsOf(r.stdout));
    expect(tips.get(cellId('operation.detach-volume', 'xen'))).toBe('');
    expect(tips.get(cellId('operation.detach-volume', 'hyperv'))).toBe('Last changed 2018-06-01T12:00:00+00:00 (2.0.0) in 02f728cc92df: Fix the detach feature (Carol)');
    expect([...tips.values()].filter((t) => t.startsWith('Last changed '))).toHaveLength(8);
  });

  test('where it cannot apply: usage errors (exit 2), nothing written', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fmx-conv-'));
    const loose = join(tmp, 'loose.ini');
    writeFileSync(loose, readFileSync(join(dir, PATH)));
    const cases: [string[], string][] = [
      [[join(dir, PATH), '--to', 'json', '--history'], "fmx: --history needs --to html (the page shows each cell's last change), not json\n"],
      [[loose, '--to', 'html', '--history', '-o', join(tmp, 'x.html')], `fmx: --history: ${loose} is not a file git tracks in a work tree (give -C DIR and its path in the repository)\n`],
      [[join(dir, PATH), loose, '--to', 'html', '--history', '--out-dir', join(tmp, 'out')], `fmx: --history: ${loose} is not a file git tracks in a work tree (give -C DIR and its path in the repository)\n`],
      [['-', '--to', 'html', '--history'], 'fmx: --history: - is not a file git tracks in a work tree (give -C DIR and its path in the repository)\n'],
      [['-C', bare, PATH, '--to', 'html'], 'fmx: -C is only used with --history\n'],
    ];
    for (const [args, stderr] of cases) expect(fmx(['convert', ...args], { input: '' }), args.join(' ')).toEqual({ status: 2, stdout: '', stderr });
    expect(existsSync(join(tmp, 'x.html'))).toBe(false);
    expect(existsSync(join(tmp, 'out'))).toBe(false);
  });

  test('-C DIR with a path git does not have at HEAD: an error naming it (exit 1)', () => {
    const r = fmx(['convert', '-C', bare, 'no/such.ini', '--to', 'html', '--history']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^git:HEAD:no\/such\.ini: git show HEAD:no\/such\.ini failed: /);
  });
});

describe('errors of the walk', () => {
  test('a path git never saw, a directory that is not a repository', () => {
    expect(fmx(['log', '-C', dir, 'nope.ini'])).toEqual({ status: 1, stdout: '', stderr: 'fmx: git lists no commit of nope.ini in HEAD\n' });
    const notRepo = mkdtempSync(join(tmpdir(), 'fmx-norepo-'));
    const r = fmx(['log', '-C', notRepo, 'x.ini'], { env: { GIT_CEILING_DIRECTORIES: dirname(notRepo) } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^fmx: git log failed: not a git repository/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

describe('the progress bar', () => {
  test('drawn on a terminal for a long walk, then erased; never elsewhere or for a short walk', () => {
    const out: string[] = [];
    const tty = { isTTY: true, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
    const bar = progressBar(tty);
    for (let i = 1; i <= 60; i++) bar.tick(i, 60);
    bar.end();
    expect(out[0]).toBe('\r[#                             ] 1/60 versions');
    expect(out.at(-2)).toBe('\r[##############################] 60/60 versions');
    expect(out.at(-1)).toBe('\r\x1b[K');
    expect(out.length).toBeLessThanOrEqual(32);
    const quiet: string[] = [];
    const pipe = progressBar({ isTTY: false, write: (s: string) => quiet.push(s) } as unknown as NodeJS.WriteStream);
    pipe.tick(1, 100);
    pipe.end();
    const short = progressBar({ isTTY: true, write: (s: string) => quiet.push(s) } as unknown as NodeJS.WriteStream);
    short.tick(1, 5);
    short.end();
    expect(quiet).toEqual([]);
  });
});

describe('fmx history', () => {
  test('--format json: every table', () => {
    const r = fmx(['history', '-C', dir, PATH, '--format', 'json']);
    expect(r.stderr).toBe(UNREADABLE);
    expect(r.status).toBe(0);
    expectGolden('history/history.json', r.stdout);
  });

  test('-o x.csv: the changes table', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fmx-hist-')), 'x.csv');
    const r = fmx(['history', '-C', dir, PATH, '-o', out]);
    expect(r.status).toBe(0);
    expectGolden('history/changes.csv', readFileSync(out, 'utf8'));
  });

  test('-o x.sqlite holds the same tables as the JSON, row for row', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fmx-hist-')), 'x.sqlite');
    const r = fmx(['history', '-C', bare, PATH, '-o', out]);
    expect(r.status).toBe(0);
    const json = JSON.parse(fmx(['history', '-C', dir, PATH, '--format', 'json']).stdout).tables as Record<string, Record<string, unknown>[]>;
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(out));
    for (const [name, rows] of Object.entries(json)) {
      const res = db.exec(`SELECT * FROM ${name}`);
      const got = res.length ? res[0]!.values.map((v) => Object.fromEntries(res[0]!.columns.map((c, i) => [c, v[i]]))) : [];
      // drivers, features and cells are views over runs of equal rows: their order is SQLite's.
      const order = (xs: Record<string, unknown>[]) => xs.map((x) => JSON.stringify(x)).sort();
      expect(order(got), name).toEqual(order(rows));
      expect(got.length, name).toBeGreaterThan(0);
    }
    // The question the docs answer: which cells did Carol's and later commits set to missing?
    const q = db.exec(`SELECT c.feature, c.driver, k.subject FROM changes c JOIN commits k USING ("commit")
      WHERE c.field = 'status' AND c.new = 'missing' ORDER BY k.position`);
    expect(q[0]!.values).toEqual([
      ['operation.detach-volume', 'xen', 'Mark Xen unsupported'],
      ['operation.attach-volume', 'hyperv', 'Hyper-V: mark attach unsupported'],
    ]);
    // Cells are kept as runs over consecutive commits: 60 rows in 20 runs here (the unreadable version and the side branch break runs).
    expect(db.exec('SELECT count(*) FROM cells_spans')[0]!.values).toEqual([[20]]);
    db.close();
  });

  test('without -o or --format it is a usage error; an SQLite file needs -o', () => {
    expect(fmx(['history', '-C', dir, PATH]).status).toBe(2);
    expect(fmx(['history', '-C', dir, PATH, '--format', 'sqlite']).status).toBe(2);
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });
});
