/**
 * The model's shape checked in a parsed document (the `fmx/matrix` JSON
 * form): every member's type, member by member, so that a reader embedding
 * the model (JSON, fmx's HTML page) gives a valid Matrix or says where not.
 */

import {
  DIALECTS,
  markProvenance,
  MATRIX_FORMAT,
  MATRIX_VERSION,
  PROVENANCE_FLAGS,
  type Dialect,
  type Driver,
  type ExtraOption,
  type Feature,
  type Implementation,
  type Matrix,
  type Provenance,
} from './matrix.js';

/** Where in the document a value is: member names and array indexes. */
export type ModelPath = (string | number)[];

/** Report a value that does not fit, at its path; never returns. */
export type Fail = (path: ModelPath, message: string) => never;

/** Checks a parsed document member by member; `fail` says where the first misfit is. */
export class ModelChecker {
  constructor(private readonly fail: Fail) {}

  obj(v: unknown, path: ModelPath): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'expected an object');
    return v as Record<string, unknown>;
  }

  private arr(v: unknown, path: ModelPath, optional = false): unknown[] {
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) this.fail(path, 'expected an array');
    return v as unknown[];
  }

  str(v: unknown, path: ModelPath): string {
    if (typeof v !== 'string') this.fail(path, 'expected a string');
    return v as string;
  }

  /** A string or null; an absent member reads as null. */
  private nstr(v: unknown, path: ModelPath): string | null {
    if (v === undefined || v === null) return null;
    return this.str(v, path);
  }

  private strings(v: unknown, path: ModelPath): string[] {
    return this.arr(v, path, true).map((s, i) => this.str(s, [...path, i]));
  }

  private extras(v: unknown, path: ModelPath): ExtraOption[] | undefined {
    if (v === undefined) return undefined;
    const list = this.arr(v, path).map((e, i) => {
      const o = this.obj(e, [...path, i]);
      return { name: this.str(o.name, [...path, i, 'name']), value: this.str(o.value, [...path, i, 'value']) };
    });
    return list.length ? list : undefined;
  }

  /** The model in `data` (the `fmx/matrix` JSON form, parsed); members it does not define are ignored. */
  matrix(data: unknown): Matrix {
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
    if (top.provenance !== undefined) markProvenance(m, this.provenance(top.provenance));
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
    return m;
  }

  /** `provenance`: an object whose known flags are booleans (other members are ignored, as the schema says). */
  private provenance(v: unknown): Provenance {
    const o = this.obj(v, ['provenance']);
    const p: Provenance = {};
    for (const flag of PROVENANCE_FLAGS) {
      const value = o[flag];
      if (value === undefined) continue;
      if (typeof value !== 'boolean') this.fail(['provenance', flag], 'expected true or false');
      if (value) p[flag] = true;
    }
    return p;
  }

  private driver(v: unknown, path: ModelPath): Driver {
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

  private feature(v: unknown, path: ModelPath): Feature {
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

  private implementation(v: unknown, path: ModelPath): Implementation {
    const o = this.obj(v, path);
    return {
      driver: this.str(o.driver, [...path, 'driver']),
      status: this.str(o.status, [...path, 'status']),
      notes: this.nstr(o.notes, [...path, 'notes']),
      release: this.nstr(o.release, [...path, 'release']),
    };
  }
}
