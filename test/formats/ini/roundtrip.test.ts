/**
 * Lossless INI: every sample, and texts in every layout configparser accepts,
 * print back byte for byte, directly and through JSON that carries its source.
 */

import { describe, expect, it } from 'vitest';
import { printIni } from '../../../src/formats/ini/write.js';
import { emitJson } from '../../../src/formats/json/write.js';
import { read as readJson } from '../../../src/formats/json/read.js';
import { readIniBytes, readIniText } from '../../../src/formats/ini/read.js';
import { write as writeIni } from '../../../src/formats/ini/write.js';
import { toPlain } from '../../../src/model/matrix.js';
import { INI_SAMPLES, sampleBytes } from '../../helpers/samples.js';

const noWarn = () => {};

async function throughJson(bytes: Uint8Array, name: string): Promise<Buffer> {
  const { matrix, doc } = readIniBytes(bytes, name);
  const json = emitJson(matrix, { type: 'ini', text: (doc.source.bom ? '\ufeff' : '') + doc.source.text });
  const loaded = await readJson(Buffer.from(json), { file: name + '.json', warn: noWarn });
  const out = await writeIni(loaded, { file: name, warn: noWarn });
  return Buffer.from(out, 'utf8');
}

describe('INI round trip', () => {
  it.each(INI_SAMPLES)('%s prints back byte for byte', (name) => {
    const bytes = sampleBytes(name);
    const { doc } = readIniBytes(bytes, name);
    expect(Buffer.compare(Buffer.from(printIni(doc), 'utf8'), bytes)).toBe(0);
  });

  it.each(INI_SAMPLES)('%s -> json --with-source -> ini is byte-identical', async (name) => {
    const bytes = sampleBytes(name);
    expect(Buffer.compare(await throughJson(bytes, name), bytes)).toBe(0);
  });

  const base = '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\nnotes=one\n  two\n\n  four\ndriver.a=complete\n';
  const variants: [string, string][] = [
    ['CRLF line endings', base.replace(/\n/g, '\r\n')],
    ['CR-only line endings', base.replace(/\n/g, '\r')],
    ['mixed line endings', base.replace('\n', '\r\n').replace('two\n\n', 'two\r\r')],
    ['no final newline', base.slice(0, -1)],
    ['a BOM', '\ufeff' + base],
    ['spacing around delimiters', base.replace('title=X', 'Title  :   X').replace('driver.a=', 'DRIVER.A = ')],
    ['tab-indented continuations', base.replace('  two', '\ttwo').replace('  four', '\t\tfour')],
    ['comments and blank lines everywhere', '# head\n\n;x\n' + base.replace('notes=one\n', 'notes=one\n  # inside\n') + '\n\n# tail'],
    ['trailing white space', base.replace('title=A', 'title=A   \t')],
  ];
  it.each(variants)('keeps %s', async (_label, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const { doc } = readIniBytes(bytes, 't.ini');
    expect(Buffer.compare(Buffer.from(printIni(doc), 'utf8'), bytes)).toBe(0);
    expect(Buffer.compare(await throughJson(bytes, 't.ini'), bytes)).toBe(0);
  });

  it('reads every layout variant to the same model', () => {
    const plain = toPlain(readIniText(base, 't.ini').matrix);
    for (const [label, text] of variants) {
      if (label === 'spacing around delimiters' || label === 'trailing white space') continue;
      const { text: t, bom } = text.startsWith('\ufeff') ? { text: text.slice(1), bom: true } : { text, bom: false };
      expect(toPlain(readIniText(t, 't.ini', bom).matrix), label).toEqual(plain);
    }
  });
});
