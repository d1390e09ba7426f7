/**
 * JSON reader: the model's JSON form back into the model, checked field by
 * field, with errors positioned in the JSON text.
 */

import { error } from '../../diagnostics.js';
import { decodeUtf8 } from '../../io/decode.js';
import { lineColumn, locateJsonPath, type JsonPath } from './locate.js';
import type { Matrix } from '../../model/matrix.js';
import { ModelChecker } from '../../model/check.js';
import type { JsonSource } from './layout.js';
import { PositionTable, type Loaded, type ReadOptions } from '../types.js';

export interface JsonReadResult {
  matrix: Matrix;
  /** The embedded source, when the JSON carries one (`--with-source`). */
  source?: JsonSource;
}

/** The format registry's entry point. A JSON carrying its INI source keeps it as the document to patch. */
export function read(bytes: Uint8Array, opts: ReadOptions): Loaded {
  const text = decodeUtf8(bytes, opts.file).text;
  const { matrix, source } = readJsonText(text, opts.file);
  const positions = jsonPositions(text, matrix);
  if (!source) return { matrix, positions };
  const bom = source.text.charCodeAt(0) === 0xfeff;
  return { matrix, ini: { name: `${opts.file} (embedded source)`, text: bom ? source.text.slice(1) : source.text, bom }, positions };
}

/** Where a model's values are in its JSON text, found when asked (only edited values with a problem are). */
function jsonPositions(text: string, m: Matrix): PositionTable {
  return new PositionTable((ref) => {
    let path: JsonPath | null = null;
    const fi = ref.feature === undefined ? -1 : m.features.findIndex((f) => f.key === ref.feature);
    if (fi !== -1) {
      path = ['features', fi];
      if (ref.driver !== undefined) {
        const ii = m.features[fi]!.implementations.findIndex((i) => i.driver === ref.driver);
        if (ii !== -1) path.push('implementations', ii, ref.field);
      } else if (ref.field !== 'row') path.push(ref.field);
    } else if (ref.driver !== undefined && ref.feature === undefined) {
      const di = m.drivers.findIndex((d) => d.key === ref.driver);
      if (di !== -1) path = ['drivers', di, ref.field];
    }
    return path ? lineColumn(text, locateJsonPath(text, path)) : undefined;
  });
}

export function readJsonBytes(bytes: Uint8Array, file: string): JsonReadResult {
  return readJsonText(decodeUtf8(bytes, file).text, file);
}

export function readJsonText(text: string, file: string): JsonReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const { offset, message } = findJsonSyntaxError(text);
    const { line, column } = lineColumn(text, offset);
    throw error(file, `invalid JSON: ${message}`, line, column, 'json-syntax');
  }
  const fail = (path: JsonPath, message: string): never => {
    const { line, column } = lineColumn(text, locateJsonPath(text, path));
    const where = path.length ? '/' + path.join('/') : '(top level)';
    throw error(file, `${where}: ${message}`, line, column, 'json-schema');
  };
  const check = new ModelChecker(fail);
  const result: JsonReadResult = { matrix: check.matrix(data) };
  const top = data as Record<string, unknown>;
  if (top.source !== undefined && top.source !== null) {
    const s = check.obj(top.source, ['source']);
    if (s.type !== 'ini') fail(['source', 'type'], 'expected "ini"');
    result.source = { type: 'ini', text: check.str(s.text, ['source', 'text']) };
  }
  return result;
}

/** Locate the first syntax error of text that JSON.parse rejected. */
export function findJsonSyntaxError(text: string): { offset: number; message: string } {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const stop = (message: string, at = i): never => {
    throw new Stop(at, message);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = () => (i >= n ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[i])}`);
  const string = () => {
    i++;
    for (;;) {
      if (i >= n) stop('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) stop('control character in string');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) stop('bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else stop('bad escape');
      } else i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > 10000) stop('nesting too deep');
    ws();
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (c === '{') {
          if (text[i] !== '"') stop(`${describe()}, expected a member name`);
          string();
          ws();
          if (text[i] !== ':') stop(`${describe()}, expected ':'`);
          i++;
        }
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        stop(`${describe()}, expected ',' or '${close}'`);
      }
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) stop(`${describe()}, expected a value`);
    i += m![0].length;
  };
  try {
    value(0);
    ws();
    if (i < n) stop(`${describe()} after the end of the document`);
    return { offset: 0, message: 'not valid JSON' };
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    if (e instanceof RangeError) return { offset: i, message: 'nesting too deep' };
    throw e;
  }
}

