/**
 * Golden files. A test compares its output with test/golden/<name>; a
 * difference fails. After an intended change, regenerate with
 * `npm run golden:update` (FMX_UPDATE_GOLDEN=1) and review the diff by eye
 * before committing it.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './samples.js';

export const GOLDEN_DIR = ROOT + 'test/golden/';
const UPDATE = process.env.FMX_UPDATE_GOLDEN === '1';

export function expectGolden(name: string, actual: string | Uint8Array): void {
  const file = GOLDEN_DIR + name;
  const data = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : Buffer.from(actual);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`golden file ${name} is missing: run npm run golden:update and review it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    return;
  }
  const expected = readFileSync(file);
  if (typeof actual === 'string') expect(actual, `golden ${name} differs`).toBe(expected.toString('utf8'));
  else expect(Buffer.compare(data, expected), `golden ${name} differs`).toBe(0);
}
