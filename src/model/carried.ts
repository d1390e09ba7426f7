/** What an input format omits, filled in from another version of the matrix. */

import type { Driver, Feature, Matrix } from './matrix.js';

/**
 * Parts of the model an input format may not carry:
 * `notes` (feature and cell notes), `cli`, `api`, `links` (driver links),
 * `classification` (maturity, api/admin doc links, tempest test uuids),
 * `release` (cell releases), `extras`, `non-operation-features` (features
 * whose key does not start with `operation.`, which upstream's current
 * renderer does not show), `unset-status` (the format shows `optional` where
 * the INI has no status, as the renderers do), `empty-values` (an empty value
 * and an absent one look alike, as in a CSV or workbook rewritten by another
 * tool).
 */
export type Omission =
  | 'notes'
  | 'cli'
  | 'api'
  | 'links'
  | 'classification'
  | 'release'
  | 'extras'
  | 'non-operation-features'
  | 'unset-status'
  | 'empty-values';

/**
 * What a model's origin could not carry, whatever format it was saved in
 * since: a model read from a rendered page (`provenance.foldedText`) has no
 * extras, classification or releases, shows `optional` for an unset status,
 * and no links when none of its drivers has one; nova's old renderer (the
 * `targets` dialect, which a page read says it came from) showed no API,
 * sphinx-feature-classification only `operation.*` features.
 */
export function originOmissions(m: Matrix): Omission[] {
  if (m.provenance?.foldedText !== true) return [];
  const omits: Omission[] = ['extras', 'classification', 'release', 'unset-status'];
  omits.push(m.dialect === 'targets' ? 'api' : 'non-operation-features');
  if (m.drivers.every((d) => d.link === null)) omits.push('links');
  return omits;
}

/**
 * `target` with what its input format could not carry taken from `base`
 * (where the same driver, feature or cell exists there), so that a missing
 * value is not mistaken for a deletion: when patching an INI with a wide CSV,
 * or comparing a page with an INI. `formatOmits` are the input format's
 * (`Loaded.omits`); the model's origin adds its own (`originOmissions`).
 */
export function fillOmitted(target: Matrix, base: Matrix, formatOmits: readonly Omission[]): Matrix {
  const omits = [...formatOmits, ...originOmissions(target)];
  if (omits.length === 0) return target;
  const has = (x: Omission) => omits.includes(x);
  // Where empty and absent look alike, the base's choice stands.
  const blank = has('empty-values')
    ? (t: string | null, b: string | null) => ((t === null && b === '') || (t === '' && b === null) ? b : t)
    : (t: string | null) => t;
  const baseDrivers = new Map(base.drivers.map((d) => [d.key, d]));
  const baseFeatures = new Map(base.features.map((f) => [f.key, f]));
  const drivers = target.drivers.map((d) => {
    const b = baseDrivers.get(d.key);
    if (!b) return d;
    const out: Driver = { ...d, title: blank(d.title, b.title), link: has('links') ? b.link : blank(d.link, b.link) };
    if (has('extras')) {
      if (b.extras) out.extras = b.extras;
      else delete out.extras;
    }
    return out;
  });
  const features = target.features.map((f) => {
    const b = baseFeatures.get(f.key);
    if (!b) return f;
    const out: Feature = {
      ...f,
      title: blank(f.title, b.title),
      notes: has('notes') ? b.notes : blank(f.notes, b.notes),
      api: blank(f.api, b.api),
      maturity: blank(f.maturity, b.maturity),
      apiDocLink: blank(f.apiDocLink, b.apiDocLink),
      adminDocLink: blank(f.adminDocLink, b.adminDocLink),
    };
    if (has('unset-status') && b.status === null && f.status === 'optional' && f.group === null) out.status = null;
    if (has('cli')) out.cli = b.cli;
    if (has('api')) out.api = b.api;
    if (has('classification')) {
      out.maturity = b.maturity;
      out.apiDocLink = b.apiDocLink;
      out.adminDocLink = b.adminDocLink;
      out.tempestTestUuids = b.tempestTestUuids;
    }
    if (has('extras')) {
      if (b.extras) out.extras = b.extras;
      else delete out.extras;
    }
    const baseCells = new Map(b.implementations.map((i) => [i.driver, i]));
    out.implementations = f.implementations.map((i) => {
      const bi = baseCells.get(i.driver);
      if (!bi) return i;
      return {
        ...i,
        notes: has('notes') ? bi.notes : blank(i.notes, bi.notes),
        release: has('release') ? bi.release : blank(i.release, bi.release),
      };
    });
    return out;
  });
  if (has('non-operation-features')) {
    // Features the input could not show stay where they are.
    const shown = new Set(features.map((f) => f.key));
    for (const [i, f] of base.features.entries()) {
      if (!f.key.startsWith('operation.') && !shown.has(f.key)) features.splice(Math.min(i, features.length), 0, f);
    }
  }
  const out: Matrix = { ...target, drivers, features };
  if (has('extras')) {
    if (base.extras) out.extras = base.extras;
    else delete out.extras;
  }
  return out;
}
