/**
 * The syntax tree does not store where an option's name, delimiter and value
 * stand on its line; `optionLayout` reads them again. For every option of
 * every sample, and for lines spaced every way configparser allows, the
 * layout must put the name, the delimiter and the value where they are.
 */
import { describe, expect, it } from 'vitest';
import { lineText, optionLayout, type IniDocument } from '../../../src/formats/ini/cst.js';
import { parseIni } from '../../../src/formats/ini/parse.js';
import { INI_SAMPLES, sampleBytes } from '../../helpers/samples.js';

function checkAll(doc: IniDocument): number {
  let n = 0;
  for (const block of doc.blocks) {
    for (const o of block.options) {
      const line = lineText(doc.source, o.line);
      const at = optionLayout(doc.source, o);
      expect(line.slice(0, at.column).trim(), line).toBe('');
      expect(line.slice(at.column, at.column + at.rawName.length), line).toBe(at.rawName);
      expect(at.rawName.toLowerCase()).toBe(o.name);
      expect(['=', ':']).toContain(at.delimiter);
      expect(line.slice(at.column + at.rawName.length, at.valueColumn).trim(), line).toBe(at.delimiter);
      const firstValueLine = o.raw.split('\n')[0]!;
      expect(line.slice(at.valueColumn).trimEnd(), line).toBe(firstValueLine);
      n++;
    }
  }
  return n;
}

describe('optionLayout', () => {
  it('places name, delimiter and value of every option of every sample', () => {
    let n = 0;
    for (const name of INI_SAMPLES) n += checkAll(parseIni(sampleBytes(name).toString('utf8').replace(/^\ufeff/, ''), name));
    expect(n).toBeGreaterThan(10_000);
  });

  it('on lines spaced every way: indented, tabs, spaces around either delimiter, empty values, a delimiter in the value', () => {
    // An indented line after an option continues its value: each indented option opens its section.
    const text = [
      '[s]',
      'a=1',
      'd:',
      'e =',
      'f = x = y : z',
      'g: http://example.org/a=b',
      'Mixed_Case  =  v  ',
      '[t]',
      '  B = 2',
      '[u]',
      '\tc\t:\t3',
    ].join('\n');
    const doc = parseIni(text, 'x.ini');
    expect(checkAll(doc)).toBe(8);
    const at = (sec: string, name: string) => optionLayout(doc.source, doc.sections.get(sec)!.byName.get(name)!);
    expect(at('t', 'b')).toEqual({ rawName: 'B', column: 2, delimiter: '=', valueColumn: 6 });
    expect(at('u', 'c')).toEqual({ rawName: 'c', column: 1, delimiter: ':', valueColumn: 5 });
    expect(at('s', 'd')).toEqual({ rawName: 'd', column: 0, delimiter: ':', valueColumn: 2 });
    expect(at('s', 'f')).toEqual({ rawName: 'f', column: 0, delimiter: '=', valueColumn: 4 });
    expect(at('s', 'mixed_case')).toEqual({ rawName: 'Mixed_Case', column: 0, delimiter: '=', valueColumn: 15 });
  });
});
