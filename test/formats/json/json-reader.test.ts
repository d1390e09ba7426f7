/** Reading the model JSON back: every member checked, errors positioned in the JSON text. */

import { describe, expect, it } from 'vitest';
import { FmxError } from '../../../src/diagnostics.js';
import { emitJson } from '../../../src/formats/json/write.js';
import { readJsonText } from '../../../src/formats/json/read.js';
import { readIniBytes } from '../../../src/formats/ini/read.js';
import { toPlain } from '../../../src/model/matrix.js';
import { INI_SAMPLES, sampleBytes } from '../../helpers/samples.js';

function message(text: string): string {
  try {
    readJsonText(text, 'm.json');
  } catch (e) {
    if (e instanceof FmxError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('JSON reader', () => {
  it.each(INI_SAMPLES)('%s: json -> model equals the INI model', (name) => {
    const { matrix } = readIniBytes(sampleBytes(name), name);
    expect(toPlain(readJsonText(emitJson(matrix), name).matrix)).toEqual(toPlain(matrix));
  });

  it.each([
    ['{\n  "format": "fmx/matrix",\n  "version": 1,\n  "dialect": "targets",\n  "drivers": [,]\n}', 'm.json:5:15: invalid JSON: unexpected ",", expected a value'],
    ['{"format": "fmx/matrix"', 'm.json:1:24: invalid JSON: unexpected end of input, expected \',\' or \'}\''],
    ['[]', 'm.json:1:1: (top level): expected an object'],
    ['{"format": "other"}', 'm.json:1:12: /format: expected "fmx/matrix" (is this an fmx matrix JSON?)'],
    ['{"format": "fmx/matrix", "version": 2}', 'm.json:1:37: /version: unsupported version 2: this fmx reads version 1'],
    [
      '{"format": "fmx/matrix", "version": 1, "dialect": "targets", "drivers": [],\n "features": [{"key": "a", "implementations": [{"driver": "x", "status": 3}]}]}',
      'm.json:2:74: /features/0/implementations/0/status: expected a string',
    ],
  ])('rejects %j', (text, expected) => {
    expect(message(text)).toBe(expected);
  });

  it('keeps __proto__ and constructor as ordinary keys', () => {
    const text = JSON.stringify({
      format: 'fmx/matrix',
      version: 1,
      dialect: 'support-matrix',
      drivers: [{ key: '__proto__', title: 'constructor', link: null }],
      features: [{ key: 'constructor', title: '__proto__', implementations: [{ driver: '__proto__', status: 'complete' }] }],
    });
    const m = readJsonText(text, 'm.json').matrix;
    expect(m.drivers[0]!.key).toBe('__proto__');
    expect(m.features[0]!.implementations[0]!.driver).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(m.drivers[0])).toBe(Object.prototype);
  });
});
