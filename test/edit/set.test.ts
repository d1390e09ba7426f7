/** `fmx set` and `fmx convert EDITED --base ORIGINAL.ini`: edits land as minimal diffs, refusals write nothing. */

import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmx } from '../helpers/cli.js';
import { lineDiff } from '../helpers/linediff.js';
import { samplePath, sampleBytes } from '../helpers/samples.js';
import { readMatrix } from '../../src/index.js';

const NOVA = 'nova-33.0.0-support-matrix.ini';

function copy(name: string): { dir: string; file: string; before: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fmx-set-'));
  const file = join(dir, name);
  copyFileSync(samplePath(name), file);
  return { dir, file, before: readFileSync(file, 'utf8') };
}

describe('fmx set', () => {
  it('sets one cell: one line out, one line in', () => {
    const { file, before } = copy(NOVA);
    const r = fmx(['set', file, 'operation.attach-volume', 'ironic', 'complete']);
    expect([r.status, r.stderr]).toEqual([0, `${file}: written: 1 change: 1 implementation change\n`]);
    expect(lineDiff(before, readFileSync(file, 'utf8'))).toMatchObject({ removed: ['driver.ironic=missing'], added: ['driver.ironic=complete'] });
  });

  it('sets a cell with notes in the targets dialect', () => {
    const { file, before } = copy('nova-15.0.0-support-matrix.ini');
    expect(fmx(['set', file, 'operation.attach-volume', 'ironic', 'partial', '--notes', 'Only with cinder']).status).toBe(0);
    expect(lineDiff(before, readFileSync(file, 'utf8'))).toMatchObject({
      removed: ['driver-impl-ironic=missing'],
      added: ['driver-impl-ironic=partial', 'driver-notes-ironic=Only with cinder'],
    });
  });

  it('sets feature fields', () => {
    const { file, before } = copy(NOVA);
    const r = fmx(['set', file, 'operation.attach-volume', '--title', 'Attach a volume', '--cli', 'openstack server add volume;nova volume-attach']);
    expect(r.status).toBe(0);
    expect(lineDiff(before, readFileSync(file, 'utf8'))).toMatchObject({
      removed: ['title=Attach block volume to instance', 'cli=nova volume-attach <server> <volume>'],
      added: ['title=Attach a volume', 'cli=openstack server add volume;nova volume-attach'],
    });
  });

  it('adds a driver with a cell in every feature, and removes it again', () => {
    const { file, before } = copy(NOVA);
    expect(fmx(['set', file, '--add-driver', 'fake', '--title', 'Fake', '--default-status', 'unknown']).status).toBe(0);
    const added = readFileSync(file, 'utf8');
    const d = lineDiff(before, added);
    expect(d.removed).toEqual([]);
    const features = (before.match(/^\[(?!driver\.)/gm) ?? []).length;
    expect(d.added.filter((l) => l === 'driver.fake=unknown')).toHaveLength(features);
    expect(fmx(['set', file, '--remove-driver', 'fake']).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('removes a feature: deletions only', () => {
    const { file, before } = copy(NOVA);
    expect(fmx(['set', file, '--remove-feature', 'operation.detach-volume']).status).toBe(0);
    const d = lineDiff(before, readFileSync(file, 'utf8'));
    expect(d.added).toEqual([]);
    expect(d.removed[0]).toBe('[operation.detach-volume]');
  });

  it.each([
    [['operation.atach-volume', 'ironic', 'complete'], "no feature 'operation.atach-volume'; did you mean 'operation.attach-volume', 'operation.detach-volume'?"],
    [['operation.attach-volume', 'ironik', 'complete'], "no driver 'ironik'; did you mean 'ironic'?"],
    // A part of a title: the keys of the titles that hold it.
    [['operation.attach-volume', 'vCenter', 'complete'], "no driver 'vCenter'; did you mean 'vmware'?"],
    [['operation.attach-volume', 'Libvirt Virtuozzo', 'complete'], "no driver 'Libvirt Virtuozzo'; did you mean 'libvirt-vz-ct', 'libvirt-vz-vm'?"],
    [['operation.attach-volume', 'ironic', 'done'], "status 'done' is not one of complete, partial, missing, unknown; upstream rejects it (--force writes it anyway)"],
    [['operation.attach-volume', '--status', 'choice()'], "feature status 'choice()' is not one of mandatory, optional, choice, condition, mature, immature (optionally with (GROUP)); upstream rejects it (--force writes it anyway)"],
  ])('refuses %j with exit 1 and leaves the file untouched', (args, message) => {
    const { dir, file, before } = copy(NOVA);
    const r = fmx(['set', file, ...args]);
    expect(r.stderr).toBe(`${file}: ${message}\n`);
    expect(r.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([NOVA]);
  });

  it('--notes "50%" writes a valid %% without --force (issue 13)', async () => {
    const { file, before } = copy(NOVA);
    const r = fmx(['set', file, 'operation.attach-volume', '--notes', 'Works 50% of the time']);
    expect(r.status, r.stderr).toBe(0);
    const d = lineDiff(before, readFileSync(file, 'utf8'));
    expect(d.added).toEqual(['notes=Works 50%% of the time']);
    const { matrix } = await readMatrix(readFileSync(file, 'utf8'), { format: 'ini' });
    expect(matrix.features.find((f) => f.key === 'operation.attach-volume')!.notes).toBe('Works 50% of the time');
  });

  it('--dry-run prints the change list as fmx diff does and writes nothing (issue 13)', () => {
    const { dir, file, before } = copy(NOVA);
    const r = fmx(['set', file, 'operation.attach-volume', 'ironic', 'complete', '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 change: 1 implementation change');
    expect(r.stdout).toContain('Ironic: Attach block volume to instance: missing -> complete');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([NOVA]);
  });

  it('--force writes a status upstream rejects, with a warning', () => {
    const { file, before } = copy(NOVA);
    const r = fmx(['set', file, 'operation.attach-volume', 'ironic', 'planned', '--force']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: status');
    expect(lineDiff(before, readFileSync(file, 'utf8')).added).toEqual(['driver.ironic=planned']);
  });

  it.each([
    [[], 'fmx: nothing to set: give FEATURE DRIVER STATUS, FEATURE with a field option, or --add-driver/--remove-*'],
    [['operation.attach-volume', 'ironic'], 'fmx: a cell needs a STATUS: fmx set FILE FEATURE DRIVER STATUS'],
    [['--add-driver', 'x'], 'fmx: --add-driver needs --title'],
  ])('usage error %j exits 2', (args, message) => {
    const { file } = copy(NOVA);
    const r = fmx(['set', file, ...args]);
    expect([r.status, r.stderr]).toEqual([2, message + '\n']);
  });
});

describe('fmx convert EDITED --base ORIGINAL.ini', () => {
  it('writes a JSON edit back with exactly one line changed', () => {
    const m = JSON.parse(fmx(['convert', samplePath(NOVA)]).stdout);
    const cell = m.features[3].implementations[2];
    cell.status = cell.status === 'complete' ? 'missing' : 'complete';
    const r = fmx(['convert', '-', '--from', 'json', '--to', 'ini', '--base', samplePath(NOVA)], { input: JSON.stringify(m) });
    expect(r.status).toBe(0);
    const d = lineDiff(sampleBytes(NOVA).toString('utf8'), r.stdout);
    expect([d.removed.length, d.added.length]).toEqual([1, 1]);
    expect(d.added[0]).toBe(`driver.${cell.driver}=${cell.status}`);
  });

  it('--in-place updates the base atomically', () => {
    const { dir, file, before } = copy(NOVA);
    const m = JSON.parse(fmx(['convert', file]).stdout);
    m.features[0].title = 'Renamed';
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(m));
    expect(fmx(['convert', edited, '--base', file, '--in-place']).status).toBe(0);
    expect(lineDiff(before, readFileSync(file, 'utf8'))).toMatchObject({ removed: ['title=Attach block volume to instance'], added: ['title=Renamed'] });
    expect(readdirSync(dir).sort()).toEqual(['edited.json', NOVA].sort());
  });

  it('a JSON carrying its source is patched without --base', () => {
    const m = JSON.parse(fmx(['convert', samplePath(NOVA), '--with-source']).stdout);
    m.features[0].implementations[0].status = 'partial';
    const r = fmx(['convert', '-', '--from', 'json', '--to', 'ini'], { input: JSON.stringify(m) });
    const d = lineDiff(sampleBytes(NOVA).toString('utf8'), r.stdout);
    expect(d).toMatchObject({ removed: ['driver.libvirt-kvm-x86=complete'], added: ['driver.libvirt-kvm-x86=partial'] });
  });
});
