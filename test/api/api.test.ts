/** The library API in process: what the packed-package test does not reach into. */

import { describe, expect, it } from 'vitest';
import { FmxError, patchIni, readMatrix, writeMatrix } from '../../src/index.js';

const INI = '[driver.kvm]\ntitle=KVM\n\n[operation.x]\ntitle=X\nstatus=optional\ndriver.kvm=missing\n';

describe('patchIni', () => {
  it('writes an edit as the one line it changes', async () => {
    const { matrix } = await readMatrix(INI, { format: 'ini' });
    matrix.features[0]!.implementations[0]!.status = 'complete';
    expect(patchIni(INI, matrix)).toBe(INI.replace('driver.kvm=missing', 'driver.kvm=complete'));
  });

  it('refuses a value upstream would reject, with the rule of fmx validate, and writes nothing', async () => {
    const { matrix } = await readMatrix(INI, { format: 'ini' });
    matrix.features[0]!.implementations[0]!.status = 'yes';
    let caught: unknown;
    try {
      patchIni(INI, matrix, { name: 'm.ini' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FmxError);
    expect((caught as FmxError).diagnostics).toMatchObject([{ file: 'm.ini', severity: 'error', ruleId: 'cell-status-invalid' }]);
  });

  it('does not refuse what the base already had wrong (only what the edit brings in)', async () => {
    const bad = INI.replace('status=optional', 'status=sometimes');
    const { matrix } = await readMatrix(bad, { format: 'ini' });
    matrix.features[0]!.implementations[0]!.status = 'partial';
    expect(patchIni(bad, matrix)).toBe(bad.replace('driver.kvm=missing', 'driver.kvm=partial'));
  });
});

describe('readMatrix', () => {
  it('reports a value the input shows twice, differently (a Markdown Summary and its Details), keeping the first', async () => {
    const { matrix } = await readMatrix(INI, { format: 'ini' });
    const md = (await writeMatrix(matrix, 'md')) as string;
    const edited = md.replace('- **KVM**: ✘ missing', '- **KVM**: ✔ complete');
    expect(edited).not.toBe(md);
    const back = await readMatrix(edited, { format: 'md', name: 'm.md' });
    expect(back.matrix.features[0]!.implementations[0]!.status).toBe('missing');
    expect(back.diagnostics).toMatchObject([
      {
        file: 'm.md',
        line: edited.split('\n').indexOf('- **KVM**: ✔ complete') + 1,
        severity: 'warning',
        ruleId: 'copies-differ',
        message: expect.stringMatching(/^status of feature operation\.x, driver kvm differs from its copy at line \d+, column \d+: the first is kept/),
      },
    ]);
  });
});
