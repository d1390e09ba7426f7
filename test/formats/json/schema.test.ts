/** The published JSON Schema describes what `--to json` prints. */

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR } from '../../helpers/golden.js';
import { checkSchema } from '../../helpers/schema.js';
import { ROOT } from '../../helpers/samples.js';

const schema = JSON.parse(readFileSync(ROOT + 'schema/matrix.schema.json', 'utf8'));

describe('schema/matrix.schema.json', () => {
  it.each(readdirSync(GOLDEN_DIR + 'json'))('accepts golden %s', (f) => {
    expect(checkSchema(schema, JSON.parse(readFileSync(GOLDEN_DIR + 'json/' + f, 'utf8')))).toEqual([]);
  });

  it('rejects what breaks the contract', () => {
    const m = JSON.parse(readFileSync(GOLDEN_DIR + 'json/nova-33.0.0-support-matrix.json', 'utf8'));
    m.version = 2;
    delete m.features[0].cli;
    m.features[1].implementations[0].notes = 3;
    expect(checkSchema(schema, m)).toEqual([
      '/version: expected 1',
      '/features/0: missing cli',
      '/features/1/implementations/0/notes: expected string or null, got integer',
    ]);
  });
});
