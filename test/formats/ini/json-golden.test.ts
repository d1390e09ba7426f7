/**
 * Golden model JSON of every sample (test/golden/json/). Regenerate after an
 * intended change with `npm run golden:update`, then review the diff.
 */

import { describe, it } from 'vitest';
import { emitJson } from '../../../src/formats/json/write.js';
import { readIniBytes } from '../../../src/formats/ini/read.js';
import { expectGolden } from '../../helpers/golden.js';
import { INI_SAMPLES, sampleBytes } from '../../helpers/samples.js';

describe('golden model JSON', () => {
  it.each(INI_SAMPLES)('%s', (name) => {
    const { matrix } = readIniBytes(sampleBytes(name), name);
    expectGolden(`json/${name.replace(/\.ini$/, '.json')}`, emitJson(matrix));
  });
});
