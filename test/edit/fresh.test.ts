/** Without a base, `--to ini` writes a fresh file in the model's dialect that configparser reads back to the model. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitFreshIni } from '../../src/formats/ini/write.js';
import { toPlain } from '../../src/model/matrix.js';
import { readIniBytes, readIniText } from '../../src/formats/ini/read.js';
import { python3, runOracle } from '../helpers/python.js';
import { INI_SAMPLES, sampleBytes } from '../helpers/samples.js';

const fresh = INI_SAMPLES.map((name) => {
  const { matrix } = readIniBytes(sampleBytes(name), name);
  return { name, matrix, text: emitFreshIni(matrix) };
});

describe('fresh INI', () => {
  it.each(fresh)('$name reads back to its model', ({ matrix, text }) => {
    expect(toPlain(readIniText(text, 'fresh.ini').matrix)).toEqual(toPlain(matrix));
  });

  it('looks like upstream writes it', () => {
    const nova = fresh.find((f) => f.name === 'nova-33.0.0-support-matrix.ini')!.text;
    expect(nova.split('\n').slice(0, 6)).toEqual([
      '[driver.libvirt-kvm-x86]',
      'title=Libvirt KVM (x86)',
      '',
      '[driver.libvirt-kvm-aarch64]',
      'title=Libvirt KVM (aarch64)',
      '',
    ]);
    expect(nova).toContain('[operation.attach-volume]\ntitle=Attach block volume to instance\nstatus=optional\nnotes=The attach volume operation provides a means to hotplug\n  additional block storage');
    const targets = fresh.find((f) => f.name === 'nova-15.0.0-support-matrix.ini')!.text;
    expect(targets.startsWith('[targets]\ndriver-impl-xenserver=XenServer\n')).toBe(true);
  });

  it.skipIf(!python3())('is read by CPython configparser to the same models', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-fresh-'));
    const paths = fresh.map((f) => {
      const p = join(dir, f.name);
      writeFileSync(p, f.text);
      return p;
    });
    const oracle = runOracle<{ model?: unknown }[]>('configparser_model.py', paths);
    for (const [i, f] of fresh.entries()) expect(oracle[i]!.model, f.name).toEqual(toPlain(f.matrix));
  });
});
