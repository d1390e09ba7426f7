/**
 * fmx log, blame and history on real upstream histories, against an
 * independent reading (test/oracle/history_walk.py: git, CPython's
 * configparser, each commit compared with its parent's version).
 *
 * The repositories are not downloaded: point FMX_CINDER_GIT and FMX_NOVA_GIT
 * at clones of openstack/cinder and openstack/nova (bare ones work).
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { fmx } from '../helpers/cli.js';
import { ORACLE_DIR, python3 } from '../helpers/python.js';

interface Oracle {
  steps: { commit: string; path: string | null; error: string | null; cells: [string, string, string][] | null }[];
  changes: [string, string, string, string | null, string | null][];
  blame: [string, string, string, string | null, string | null][];
}

const REPOS = [
  { name: 'cinder', env: 'FMX_CINDER_GIT', path: 'doc/source/reference/support-matrix.ini' },
  { name: 'nova', env: 'FMX_NOVA_GIT', path: 'doc/source/user/support-matrix.ini' },
];

for (const repo of REPOS) {
  const dir = process.env[repo.env];
  const usable = !!dir && existsSync(dir);
  if (!usable) console.log(`skipped: ${repo.env} is not set to a clone of openstack/${repo.name}, so its history tests do not run`);
  const py = usable ? python3() : null;

  describe.runIf(usable && py)(`${repo.name}'s whole history against CPython's configparser`, () => {
    const oracle = (): Oracle => {
      const r = spawnSync(py!, [ORACLE_DIR + 'history_walk.py', dir!, repo.path, 'HEAD', '--releases=name-rev'], {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
      });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout) as Oracle;
    };
    // Read once, and only where the suite runs (a skipped describe still collects its body).
    let ref: Oracle;
    beforeAll(() => {
      ref = oracle();
    }, 300_000);

    test('blame agrees cell for cell (feature, driver, status, commit, release)', () => {
      const r = fmx(['blame', '-C', dir!, repo.path, '--format', 'json']);
      expect(r.status).toBe(0);
      const cells = JSON.parse(r.stdout).cells as { feature: string; driver: string; status: string; commit: string | null; release: string | null }[];
      expect(cells.length).toBeGreaterThan(100);
      // The oracle names releases with one git name-rev over every tag; fmx with one per name of the file.
      expect(cells.map((c) => [c.feature, c.driver, c.status, c.commit, c.release])).toEqual(ref.blame);
      expect(cells.filter((c) => c.release !== null).length).toBeGreaterThan(100);
    });

    test('history agrees cell for cell: every version, every cell; every status change', () => {
      const r = fmx(['history', '-C', dir!, repo.path, '--format', 'json']);
      expect(r.status).toBe(0);
      const tables = JSON.parse(r.stdout).tables as Record<string, Record<string, string | null>[]>;
      expect(tables.commits!.map((c) => c.commit)).toEqual(ref.steps.map((s) => s.commit));
      expect(tables.commits!.map((c) => c.path)).toEqual(ref.steps.map((s) => s.path));
      // Which versions could be read.
      expect(tables.versions!.map((v) => v.error === null)).toEqual(ref.steps.map((s) => s.error === null));
      const mine = tables.cells!.map((c) => [c.commit, c.feature, c.driver, c.status].join('\t'));
      const theirs = ref.steps.flatMap((s) => (s.cells ?? []).map(([f, d, st]) => [s.commit, f, d, st].join('\t')));
      expect(mine.length).toBe(theirs.length);
      expect(new Set(mine)).toEqual(new Set(theirs));
      // Status changes of cells present on both sides (fmx/diff's implementation-changed).
      const changed = tables.changes!.filter((c) => c.kind === 'implementation-changed' && c.field === 'status').map((c) => [c.commit, c.feature, c.driver, c.old, c.new].join('\t'));
      const refChanged = ref.changes.filter((c) => c[3] !== null && c[4] !== null).map((c) => c.join('\t'));
      expect(changed.sort()).toEqual(refChanged.sort());
    });

    test('releases agree with git tag --contains (a sample of the blamed commits)', () => {
      const r = fmx(['blame', '-C', dir!, repo.path, '--format', 'json']);
      const cells = JSON.parse(r.stdout).cells as { commit: string | null; release: string | null }[];
      const commits = [...new Set(cells.map((c) => c.commit).filter((c): c is string => c !== null))].sort();
      // One git process per commit is slow on a big repository: every 8th commit.
      for (const commit of commits.filter((_, i) => i % 8 === 0)) {
        const tags = spawnSync('git', ['-C', dir!, 'tag', '--contains', commit, '--sort=creatordate'], { encoding: 'utf8' }).stdout.split('\n');
        expect(cells.find((c) => c.commit === commit)!.release, commit).toBe(tags[0] || null);
      }
    });

    if (repo.name === 'cinder') {
      test('--check flags the "Mark X unsupported" commits that changed the wrong feature and the bad rebase', () => {
        const r = fmx(['log', '-C', dir!, repo.path, '--check', '--format', 'json']);
        expect(r.status).toBe(1);
        const flags = (JSON.parse(r.stdout).commits as { commit: string; flags: { rule: string; feature: string; driver: string }[] }[]).flatMap((c) =>
          c.flags.map((f) => `${c.commit.slice(0, 9)} ${f.rule} ${f.feature} ${f.driver}`),
        );
        expect(flags).toEqual(
          expect.arrayContaining([
            // Mark IBM GPFS Driver Unsupported; Unsupport IBM DS8k and XIV Drivers; Mark Veritas HyperScale Driver Unsupported
            'c07908664 unrelated-feature operation.online_extend_support ibm_gpfs',
            '59b0ed9b8 unrelated-feature operation.online_extend_support ibm_ds8k',
            '59b0ed9b8 unrelated-feature operation.online_extend_support ibm_xiv',
            '441a1c236 unrelated-feature operation.online_extend_support vrtshyperscale',
            // a NetApp ONTAP patch put Fujitsu's revert to snapshot back to missing
            '053b2fe63 revert operation.revert_to_snapshot_assisted fujitsu_eternus',
          ]),
        );
        // Few enough for a reviewer to read every one.
        expect(new Set(flags.map((f) => f.slice(0, 9))).size).toBeLessThanOrEqual(10);
      });
    }
  });
}
