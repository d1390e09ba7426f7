/**
 * A small matrix repository built with git for the history tests. Names,
 * dates and contents are fixed, so the commit hashes are the same on every
 * machine. Its history (oldest first):
 *   1 2018-01-01 Alice   Add support matrix          doc/source/support-matrix.ini, `targets` dialect
 *   2 2018-02-01 Bob     libvirt: attach complete     one cell partial -> complete
 *     tag 1.0.0
 *   3 2018-03-01 Alice   Move the matrix to user/     doc/source/ -> doc/source/user/ (a pure rename)
 *   4 2018-04-01 Alice   Use the support-matrix dialect   same matrix, `[driver.x]` sections
 *   5 2018-05-01 Carol   Add detach feature (broken)  a duplicate section: cannot be read
 *   6 2018-06-01 Carol   Fix the detach feature       readable again, with the new feature
 *   7 2018-07-01 Dave    Hyper-V: mark attach unsupported   (branch side) hyperv attach complete -> missing
 *   8 2018-07-15 Erin    Mark Xen unsupported         (main) but changes xen's detach, not its support
 *   9 2018-08-01 Frank   Merge branch 'side'          a merge commit
 *     tag 2.0.0
 *  10 2018-09-01 Grace   libvirt: detach is partial   and puts hyperv's attach back to complete (a bad rebase)
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const HEADER = `# A test matrix (fmx history tests).
#
# Every driver's support for each feature, as configparser reads it.
# The status field takes: mandatory, optional, choice(group).
# Cells take: complete, partial, missing, unknown.
#
# This header is long enough that moving the file keeps it similar.
`;

function targets(attachKvm: string): string {
  return `${HEADER}
[targets]
driver-impl-libvirt-kvm=Libvirt KVM
driver-impl-hyperv=Hyper-V
driver-impl-xen=Xen

[operation.attach-volume]
title=Attach block volume to instance
status=optional
driver-impl-libvirt-kvm=${attachKvm}
driver-impl-hyperv=complete
driver-impl-xen=complete

[operation.supported]
title=Supported driver
status=mandatory
driver-impl-libvirt-kvm=complete
driver-impl-hyperv=complete
driver-impl-xen=complete
`;
}

interface Cells {
  hypervAttach?: string;
  xenDetach?: string;
  libvirtDetach?: string;
  detach?: 'none' | 'broken' | 'ok';
}

function supportMatrix(c: Cells = {}): string {
  let out = `${HEADER}
[driver.libvirt-kvm]
title=Libvirt KVM

[driver.hyperv]
title=Hyper-V

[driver.xen]
title=Xen

[operation.attach-volume]
title=Attach block volume to instance
status=optional
driver.libvirt-kvm=complete
driver.hyperv=${c.hypervAttach ?? 'complete'}
driver.xen=complete

[operation.supported]
title=Supported driver
status=mandatory
driver.libvirt-kvm=complete
driver.hyperv=complete
driver.xen=complete
`;
  if (c.detach === 'broken' || c.detach === 'ok') {
    out += `
[operation.detach-volume]
title=Detach block volume from instance
status=optional
driver.libvirt-kvm=${c.libvirtDetach ?? 'complete'}
driver.hyperv=missing
driver.xen=${c.xenDetach ?? 'complete'}
`;
  }
  if (c.detach === 'broken') out += '\n[operation.detach-volume]\ntitle=again\n';
  return out;
}

export const OLD_PATH = 'doc/source/support-matrix.ini';
export const PATH = 'doc/source/user/support-matrix.ini';

/** Build the repository; returns its directory (a work tree) and a bare clone of it. */
export function buildRepo(): { dir: string; bare: string } {
  const root = mkdtempSync(join(tmpdir(), 'fmx-history-'));
  const dir = join(root, 'work');
  mkdirSync(dir);
  // An empty configuration of our own: the tester's settings (signing, hooks, templates) stay out.
  const config = join(root, 'gitconfig');
  writeFileSync(config, '');
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: config,
        HOME: root,
        ...env,
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const who = (author: string, date: string) => ({
      GIT_AUTHOR_NAME: author,
      GIT_AUTHOR_EMAIL: `${author.toLowerCase()}@example.org`,
      GIT_AUTHOR_DATE: `${date}T12:00:00+00:00`,
      GIT_COMMITTER_NAME: author,
      GIT_COMMITTER_EMAIL: `${author.toLowerCase()}@example.org`,
      GIT_COMMITTER_DATE: `${date}T12:00:00+00:00`,
  });
  const commit = (author: string, date: string, subject: string, body = '') => {
    const env = who(author, date);
    git(['add', '-A'], env);
    git(['commit', '-q', '--no-verify', '-m', body ? `${subject}\n\n${body}` : subject], env);
    return env;
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  git(['init', '-q', '-b', 'main']);
  write(OLD_PATH, targets('partial'));
  write('README', 'a test repository\n');
  commit('Alice', '2018-01-01', 'Add support matrix');
  write(OLD_PATH, targets('complete'));
  commit('Bob', '2018-02-01', 'libvirt: attach complete');
  git(['tag', '1.0.0']);
  renameSync(join(dir, OLD_PATH), join(dir, 'moved.tmp'));
  write(PATH, targets('complete'));
  rmSync(join(dir, 'moved.tmp'));
  commit('Alice', '2018-03-01', 'Move the matrix to user/');
  write(PATH, supportMatrix());
  commit('Alice', '2018-04-01', 'Use the support-matrix dialect');
  write(PATH, supportMatrix({ detach: 'broken' }));
  commit('Carol', '2018-05-01', 'Add detach feature');
  write(PATH, supportMatrix({ detach: 'ok' }));
  commit('Carol', '2018-06-01', 'Fix the detach feature');
  git(['checkout', '-q', '-b', 'side']);
  write(PATH, supportMatrix({ detach: 'ok', hypervAttach: 'missing' }));
  commit('Dave', '2018-07-01', 'Hyper-V: mark attach unsupported');
  git(['checkout', '-q', 'main']);
  write(PATH, supportMatrix({ detach: 'ok', xenDetach: 'missing' }));
  commit('Erin', '2018-07-15', 'Mark Xen unsupported', 'Xen has no CI any more.');
  git(['merge', '-q', '--no-ff', '--no-edit', '-m', "Merge branch 'side'", 'side'], who('Frank', '2018-08-01'));
  git(['tag', '2.0.0']);
  write(PATH, supportMatrix({ detach: 'ok', xenDetach: 'missing', libvirtDetach: 'partial' }));
  commit('Grace', '2018-09-01', 'libvirt: detach is partial');
  const bare = join(root, 'bare.git');
  execFileSync('git', ['clone', '-q', '--bare', dir, bare], { stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: config } });
  return { dir, bare };
}
