/**
 * `fmx set`: edit one INI file in place (atomically), through the model and
 * the line patcher, so that only the lines of the edit change.
 *
 *   fmx set FILE FEATURE DRIVER STATUS [--notes TEXT]      a cell
 *   fmx set FILE FEATURE --title T | --status S | --notes N | --cli "a;b"
 *   fmx set FILE --add-driver KEY --title T [--default-status missing]
 *   fmx set FILE --remove-feature KEY | --remove-driver KEY
 */

import { error, FmxError, UsageError, type Diagnostic } from '../diagnostics.js';
import { patchIni, readMatrix } from '../index.js';
import { readInput, writeOutput } from '../io/files.js';
import { FEATURE_STATUSES, IMPLEMENTATION_STATUSES, splitList, splitStatus, type Feature, type Matrix } from '../model/matrix.js';
import { didYouMeanKeys, keySuggestions } from '../suggest.js';
import { diffMatrices as compare } from '../diff/compare.js';
import { summaryLine } from '../diff/report.js';
import { reportFailure, stderrReporter } from './shared.js';

export interface SetOptions {
  notes?: string;
  title?: string;
  status?: string;
  cli?: string;
  addDriver?: string;
  defaultStatus?: string;
  removeFeature?: string;
  removeDriver?: string;
  force?: boolean;
  output?: string;
  /** Print what would change, as `fmx diff` does, and write nothing. */
  dryRun?: boolean;
}

export async function setCommand(
  file: string,
  feature: string | undefined,
  driver: string | undefined,
  status: string | undefined,
  opts: SetOptions,
): Promise<number> {
  const action = chooseAction(feature, driver, status, opts);
  try {
    const bytes = await readInput(file);
    const { matrix } = await readMatrix(bytes, { format: 'ini', name: file });
    const edited = structuredClone(matrix);
    const problems: Diagnostic[] = [];
    action(edited, file, problems, opts);
    if (problems.length && !opts.force) throw new FmxError(problems);
    for (const p of problems) stderrReporter.report({ ...p, severity: 'warning' });
    // The text as read, byte order mark included (readMatrix has checked it is UTF-8).
    const target = opts.output ?? file;
    const out = patchIni(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), edited, { name: target, force: opts.force });
    const written = (await readMatrix(out, { format: 'ini', name: target })).matrix;
    const changes = compare(matrix, written, { exact: true });
    if (opts.dryRun) {
      const { writeTextReport } = await import('../diff/text.js');
      process.stdout.write(writeTextReport({ oldName: file, newName: target, old: matrix, new: written, changes, exact: true }));
      return 0;
    }
    await writeOutput(target, out);
    stderrReporter.report({ file: target, message: `written: ${summaryLine(changes)}`, severity: 'info' });
    return 0;
  } catch (e) {
    return reportFailure(e, stderrReporter, file);
  }
}

type Action = (m: Matrix, file: string, problems: Diagnostic[], opts: SetOptions) => void;

function chooseAction(feature: string | undefined, driver: string | undefined, status: string | undefined, o: SetOptions): Action {
  const structural = [o.addDriver, o.removeFeature, o.removeDriver].filter((x) => x !== undefined).length;
  const fields = [o.title, o.status, o.notes, o.cli].filter((x) => x !== undefined).length;
  if (structural > 1) throw new UsageError('give one of --add-driver, --remove-feature, --remove-driver');
  if (structural === 1) {
    if (feature !== undefined) throw new UsageError('--add-driver, --remove-feature and --remove-driver take no FEATURE argument');
    if (o.addDriver !== undefined) {
      if (o.title === undefined) throw new UsageError('--add-driver needs --title');
      return (m, f, p) => addDriver(m, f, p, o.addDriver!, o.title!, o.defaultStatus ?? 'missing');
    }
    if (o.removeFeature !== undefined) return (m, f) => removeFeature(m, f, o.removeFeature!);
    return (m, f) => removeDriver(m, f, o.removeDriver!);
  }
  if (feature === undefined) throw new UsageError('nothing to set: give FEATURE DRIVER STATUS, FEATURE with a field option, or --add-driver/--remove-*');
  if (driver !== undefined) {
    if (status === undefined) throw new UsageError('a cell needs a STATUS: fmx set FILE FEATURE DRIVER STATUS');
    if (o.title !== undefined || o.status !== undefined || o.cli !== undefined) throw new UsageError('--title, --status and --cli set feature fields: give FEATURE without DRIVER');
    return (m, f, p) => setCell(m, f, p, feature, driver, status, o.notes);
  }
  if (fields === 0) throw new UsageError('nothing to set for the feature: give --title, --status, --notes or --cli (or DRIVER STATUS)');
  return (m, f, p) => setFeatureFields(m, f, p, feature, o);
}

function findFeature(m: Matrix, file: string, key: string): Feature {
  const f = m.features.find((x) => x.key === key);
  if (!f) throw notFound(file, 'feature', key, m.features);
  return f;
}

function checkDriver(m: Matrix, file: string, key: string): void {
  if (!m.drivers.some((d) => d.key === key)) {
    throw notFound(file, 'driver', key, m.drivers);
  }
}

function notFound(file: string, what: string, key: string, entries: readonly { key: string; title: string | null }[]): FmxError {
  return error(file, `no ${what} '${key}'${didYouMeanKeys(keySuggestions(key, entries))}`, undefined, undefined, `set-unknown-${what}`);
}

function checkCellStatus(file: string, problems: Diagnostic[], status: string): void {
  if (!(IMPLEMENTATION_STATUSES as readonly string[]).includes(status)) {
    problems.push({
      file,
      message: `status '${status}' is not one of ${IMPLEMENTATION_STATUSES.join(', ')}; upstream rejects it (--force writes it anyway)`,
      severity: 'error',
      ruleId: 'set-invalid-status',
    });
  }
}

function setCell(m: Matrix, file: string, problems: Diagnostic[], featureKey: string, driver: string, status: string, notes: string | undefined): void {
  const f = findFeature(m, file, featureKey);
  checkDriver(m, file, driver);
  checkCellStatus(file, problems, status);
  const [st, release] = m.dialect === 'feature-classification' && status.includes(':') ? status.split(':', 2) : [status, undefined];
  const cell = f.implementations.find((i) => i.driver === driver);
  if (cell) {
    cell.status = st!;
    if (release !== undefined) cell.release = release;
    if (notes !== undefined) cell.notes = notes === '' ? null : notes;
  } else {
    f.implementations.push({ driver, status: st!, notes: notes ? notes : null, release: release ?? null });
  }
}

function setFeatureFields(m: Matrix, file: string, problems: Diagnostic[], key: string, o: SetOptions): void {
  const f = findFeature(m, file, key);
  if (o.title !== undefined) {
    f.title = o.title;
  }
  if (o.status !== undefined) {
    const s = splitStatus(o.status);
    if (!(FEATURE_STATUSES as readonly string[]).includes(s.status) || /\(\)/.test(o.status)) {
      problems.push({
        file,
        message: `feature status '${o.status}' is not one of ${FEATURE_STATUSES.join(', ')} (optionally with (GROUP)); upstream rejects it (--force writes it anyway)`,
        severity: 'error',
        ruleId: 'set-invalid-feature-status',
      });
    }
    f.status = s.status;
    f.group = s.group;
  }
  if (o.notes !== undefined) {
    f.notes = o.notes === '' ? null : o.notes;
  }
  if (o.cli !== undefined) {
    f.cli = splitList(o.cli);
  }
}

function addDriver(m: Matrix, file: string, problems: Diagnostic[], key: string, title: string, status: string): void {
  if (m.drivers.some((d) => d.key === key)) throw error(file, `driver '${key}' already exists`, undefined, undefined, 'set-driver-exists');
  checkCellStatus(file, problems, status);
  m.drivers.push({ key, title, link: null });
  for (const f of m.features) f.implementations.push({ driver: key, status, notes: null, release: null });
}

function removeFeature(m: Matrix, file: string, key: string): void {
  const f = findFeature(m, file, key);
  m.features.splice(m.features.indexOf(f), 1);
}

function removeDriver(m: Matrix, file: string, key: string): void {
  checkDriver(m, file, key);
  m.drivers = m.drivers.filter((d) => d.key !== key);
  for (const f of m.features) f.implementations = f.implementations.filter((i) => i.driver !== key);
}
