/**
 * What a page and its INI have in common, for comparing them: titles instead
 * of keys (a page does not carry keys), text with white space and typography
 * folded (src/fold.ts), only the features the renderer shows.
 */
import { foldNullable, foldText } from '../../../src/model/fold.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { readIniBytes } from '../../../src/formats/ini/read.js';
import { readFileSync } from 'node:fs';

export interface CellView {
  driver: string;
  status: string;
  notes: string | null;
}
export interface FeatureView {
  title: string;
  status: string | null;
  group: string | null;
  notes: string | null;
  cli: string[];
  api: string | null;
  cells: CellView[];
}
export interface MatrixView {
  dialect: string;
  drivers: { title: string; link: string | null }[];
  features: FeatureView[];
}

/** Python's sorted() order of str. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function view(m: Matrix, opts: { sortByTitle?: boolean; links?: boolean } = {}): MatrixView {
  const title = new Map(m.drivers.map((d) => [d.key, foldText(d.title ?? d.key)]));
  const drivers = m.drivers.map((d) => ({ title: foldText(d.title ?? d.key), link: opts.links === false ? null : d.link }));
  if (opts.sortByTitle) drivers.sort((a, b) => byCodePoint(a.title, b.title));
  return {
    dialect: m.dialect,
    drivers,
    features: m.features.map((f) => {
      const cells = f.implementations.map((i) => ({
        driver: title.get(i.driver) ?? i.driver,
        status: i.status,
        notes: foldNullable(i.notes),
      }));
      if (opts.sortByTitle) cells.sort((a, b) => byCodePoint(a.driver, b.driver));
      return {
        title: foldText(f.title ?? ''),
        status: f.status,
        group: f.group,
        notes: foldNullable(f.notes),
        cli: f.cli.map(foldText),
        api: foldNullable(f.api),
        cells,
      };
    }),
  };
}

/**
 * What the page of an INI shows. sphinx-feature-classification renders only
 * `operation.*` features and shows `optional` for a feature without status;
 * nova's old renderer shows every feature.
 */
export function shownByRenderer(m: Matrix): Matrix {
  const sfc = m.dialect === 'support-matrix';
  return {
    ...m,
    features: m.features
      .filter((f) => !sfc || f.key.startsWith('operation.'))
      .map((f) => ({ ...f, status: f.status ?? 'optional' })),
  };
}

export function iniModel(path: string): Matrix {
  return readIniBytes(readFileSync(path), path).matrix;
}
