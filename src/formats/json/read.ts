/**
 * JSON reader: the model's JSON form back into the model, checked field by
 * field, with errors positioned in the JSON text.
 */

import { error } from '../../diagnostics.js';
import { decodeUtf8 } from '../../io/decode.js';
import { lineColumn, locateJsonPath, type JsonPath } from './locate.js';
import {
  DIALECTS,
  MATRIX_FORMAT,
  MATRIX_VERSION,
  type Dialect,
  type Driver,
  type ExtraOption,
  type Feature,
  type Implementation,
  type Matrix,
} from '../../model/matrix.js';
import type { JsonSource } from './write.js';
import { PositionTable, type Loaded, type ReadOptions } from '../types.js';

export interface JsonReadResult {
  matrix: Matrix;
  /** The embedded source, when the JSON carries one (`--with-source`). */
  source?: JsonSource;
}

/** The format registry's entry point. A JSON carrying its INI source keeps it as the document to patch. */
export async function read(bytes: Uint8Array, opts: ReadOptions): Promise<Loaded> {
  const text = decodeUtf8(bytes, opts.file).text;
  const { matrix, source } = readJsonText(text, opts.file);
  const positions = jsonPositions(text, matrix);
  if (!source) return { matrix, positions };
  const { parseIni } = await import('../ini/parse.js');
  const bom = source.text.charCodeAt(0) === 0xfeff;
  const ini = parseIni(bom ? source.text.slice(1) : source.text, `${opts.file} (embedded source)`, bom);
  return { matrix, ini, positions };
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
  return new Checker(fail).document(data);
}

type Fail = (path: JsonPath, message: string) => never;

class Checker {
  constructor(private readonly fail: Fail) {}

  private obj(v: unknown, path: JsonPath): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'expected an object');
    return v as Record<string, unknown>;
  }

  private arr(v: unknown, path: JsonPath, optional = false): unknown[] {
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) this.fail(path, 'expected an array');
    return v as unknown[];
  }

  private str(v: unknown, path: JsonPath): string {
    if (typeof v !== 'string') this.fail(path, 'expected a string');
    return v as string;
  }

  /** A string or null; an absent member reads as null. */
  private nstr(v: unknown, path: JsonPath): string | null {
    if (v === undefined || v === null) return null;
    return this.str(v, path);
  }

  private strings(v: unknown, path: JsonPath): string[] {
    return this.arr(v, path, true).map((s, i) => this.str(s, [...path, i]));
  }

  private extras(v: unknown, path: JsonPath): ExtraOption[] | undefined {
    if (v === undefined) return undefined;
    const list = this.arr(v, path).map((e, i) => {
      const o = this.obj(e, [...path, i]);
      return { name: this.str(o.name, [...path, i, 'name']), value: this.str(o.value, [...path, i, 'value']) };
    });
    return list.length ? list : undefined;
  }

  document(data: unknown): JsonReadResult {
    const top = this.obj(data, []);
    if (top.format !== MATRIX_FORMAT) this.fail(['format'], `expected "${MATRIX_FORMAT}" (is this an fmx matrix JSON?)`);
    if (top.version !== MATRIX_VERSION) this.fail(['version'], `unsupported version ${JSON.stringify(top.version)}: this fmx reads version ${MATRIX_VERSION}`);
    if (typeof top.dialect !== 'string' || !(DIALECTS as readonly string[]).includes(top.dialect)) {
      this.fail(['dialect'], `expected one of ${DIALECTS.join(', ')}`);
    }
    const m: Matrix = {
      format: MATRIX_FORMAT,
      version: MATRIX_VERSION,
      dialect: top.dialect as Dialect,
      drivers: this.arr(top.drivers, ['drivers']).map((d, i) => this.driver(d, ['drivers', i])),
      features: this.arr(top.features, ['features']).map((f, i) => this.feature(f, ['features', i])),
    };
    if (top.document !== undefined && top.document !== null) {
      const d = this.obj(top.document, ['document']);
      m.document = {
        title: this.nstr(d.title, ['document', 'title']),
        preamble: this.strings(d.preamble, ['document', 'preamble']),
        postscript: this.strings(d.postscript, ['document', 'postscript']),
      };
    }
    if (top.extras !== undefined) {
      const list = this.arr(top.extras, ['extras']).map((e, i) => {
        const o = this.obj(e, ['extras', i]);
        return {
          section: this.str(o.section, ['extras', i, 'section']),
          name: this.str(o.name, ['extras', i, 'name']),
          value: this.str(o.value, ['extras', i, 'value']),
        };
      });
      if (list.length) m.extras = list;
    }
    const result: JsonReadResult = { matrix: m };
    if (top.source !== undefined && top.source !== null) {
      const s = this.obj(top.source, ['source']);
      if (s.type !== 'ini') this.fail(['source', 'type'], 'expected "ini"');
      result.source = { type: 'ini', text: this.str(s.text, ['source', 'text']) };
    }
    return result;
  }

  private driver(v: unknown, path: JsonPath): Driver {
    const o = this.obj(v, path);
    const d: Driver = {
      key: this.str(o.key, [...path, 'key']),
      title: this.nstr(o.title, [...path, 'title']),
      link: this.nstr(o.link, [...path, 'link']),
    };
    const extras = this.extras(o.extras, [...path, 'extras']);
    if (extras) d.extras = extras;
    return d;
  }

  private feature(v: unknown, path: JsonPath): Feature {
    const o = this.obj(v, path);
    const f: Feature = {
      key: this.str(o.key, [...path, 'key']),
      title: this.nstr(o.title, [...path, 'title']),
      status: this.nstr(o.status, [...path, 'status']),
      group: this.nstr(o.group, [...path, 'group']),
      notes: this.nstr(o.notes, [...path, 'notes']),
      cli: this.strings(o.cli, [...path, 'cli']),
      api: this.nstr(o.api, [...path, 'api']),
      maturity: this.nstr(o.maturity, [...path, 'maturity']),
      apiDocLink: this.nstr(o.apiDocLink, [...path, 'apiDocLink']),
      adminDocLink: this.nstr(o.adminDocLink, [...path, 'adminDocLink']),
      tempestTestUuids: this.strings(o.tempestTestUuids, [...path, 'tempestTestUuids']),
      implementations: this.arr(o.implementations, [...path, 'implementations'], true).map((c, i) =>
        this.implementation(c, [...path, 'implementations', i]),
      ),
    };
    const extras = this.extras(o.extras, [...path, 'extras']);
    if (extras) f.extras = extras;
    return f;
  }

  private implementation(v: unknown, path: JsonPath): Implementation {
    const o = this.obj(v, path);
    return {
      driver: this.str(o.driver, [...path, 'driver']),
      status: this.str(o.status, [...path, 'status']),
      notes: this.nstr(o.notes, [...path, 'notes']),
      release: this.nstr(o.release, [...path, 'release']),
    };
  }
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

