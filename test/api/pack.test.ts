/**
 * The library as a user gets it: the package is packed (`npm pack`), the
 * tarball unpacked into an empty project's node_modules, and there imported
 * by name from JavaScript and type-checked from a strict TypeScript consumer.
 * The project's dependencies are linked from this checkout's node_modules
 * (a test never reaches the network).
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/samples.js';

const project = mkdtempSync(join(tmpdir(), 'fmx-consumer-'));
const NOVA = readFileSync(join(ROOT, 'samples/nova-33.0.0-support-matrix.ini'), 'utf8');

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' });
  const tarball = join(project, JSON.parse(out)[0].filename as string);
  const pkg = join(project, 'node_modules', 'fmx');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of [...Object.keys(own.dependencies), '@types/node', 'typescript']) {
    const link = join(project, 'node_modules', dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), link, 'dir');
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 120_000);

describe('the packed package', () => {
  it('ships the built API and no sources or tests', () => {
    const files = readdirSync(join(project, 'node_modules', 'fmx'), { recursive: true }).map(String);
    expect(files).toContain(join('dist', 'index.js'));
    expect(files).toContain(join('dist', 'index.d.ts'));
    expect(files.some((f) => f.startsWith('src') || f.startsWith('test'))).toBe(false);
    // The V8 code cache is made where the command runs (src/launcher.cjs), not shipped.
    expect(files.some((f) => f.includes('code-cache'))).toBe(false);
  });

  it('is imported by name from JavaScript and does the whole job', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { readMatrix, writeMatrix, patchIni, diffMatrices, validateMatrix, FmxError } from 'fmx';
import { readFileSync } from 'node:fs';
const ini = readFileSync(process.argv[2], 'utf8');
const { matrix } = await readMatrix(ini, { name: 'nova.ini' });
const edited = structuredClone(matrix);
const cell = edited.features.find((f) => f.key === 'operation.attach-volume').implementations.find((i) => i.driver === 'ironic');
cell.status = 'complete';
const patched = patchIni(ini, edited);
const changed = patched.split('\\n').filter((l, n) => l !== ini.split('\\n')[n]);
const diff = diffMatrices(matrix, edited);
const md = await writeMatrix(matrix, 'md');
const xlsx = await writeMatrix(matrix, 'xlsx');
const back = (await readMatrix(xlsx)).matrix;
const findings = await validateMatrix(ini, { name: 'nova.ini' });
let error;
try { await readMatrix('[x\\n', { name: 'bad.ini' }); } catch (e) { error = e instanceof FmxError ? e.diagnostics[0] : String(e); }
let deep;
try { await import('fmx/dist/model/matrix.js'); deep = 'importable'; } catch (e) { deep = e.code; }
console.log(JSON.stringify({ drivers: matrix.drivers.length, changed, diff: diff.changes, md: md.slice(0, 4), xlsx: xlsx instanceof Uint8Array, sameBack: JSON.stringify(back.features) === JSON.stringify(matrix.features), errors: findings.filter((d) => d.severity === 'error').length, error, deep }));
`,
    );
    const r = spawnSync(process.execPath, ['use.mjs', join(ROOT, 'samples/nova-33.0.0-support-matrix.ini')], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout);
    expect(got.drivers).toBe(NOVA.match(/^\[driver\./gm)!.length);
    expect(got.changed).toEqual(['driver.ironic=complete']);
    expect(got.diff).toEqual([{ kind: 'implementation-changed', feature: 'operation.attach-volume', driver: 'ironic', field: 'status', old: 'missing', new: 'complete' }]);
    expect(got.md).toBe('<!--');
    expect(got.xlsx).toBe(true);
    expect(got.sameBack).toBe(true);
    expect(got.errors).toBe(0);
    expect(got.error).toMatchObject({ file: 'bad.ini', line: 1, severity: 'error' });
    expect(got.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  }, 60_000);

  it('type-checks a strict TypeScript consumer', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { readMatrix, writeMatrix, patchIni, diffMatrices, validateMatrix, FmxError, type Matrix, type Diagnostic, type Diff, type Change, type Feature, type Driver, type Implementation, type FormatName } from 'fmx';
export async function run(ini: string): Promise<number> {
  const { matrix, diagnostics }: { matrix: Matrix; diagnostics: Diagnostic[] } = await readMatrix(ini, { format: 'ini' });
  const f: Feature | undefined = matrix.features[0];
  const d: Driver | undefined = matrix.drivers[0];
  const cell: Implementation | undefined = f?.implementations[0];
  const fmt: FormatName = 'csv';
  const csv: string | Uint8Array = await writeMatrix(matrix, fmt, { layout: 'long' });
  const diff: Diff = diffMatrices(matrix, matrix, { exact: true });
  const changes: Change[] = diff.changes;
  const found: Diagnostic[] = await validateMatrix(ini, { strict: true });
  const out: string = patchIni(ini, matrix);
  try { await readMatrix(''); } catch (e) { if (e instanceof FmxError) return e.diagnostics.length; }
  return diagnostics.length + changes.length + found.length + out.length + csv.length + (d?.key.length ?? 0) + (cell?.status.length ?? 0);
}
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['consumer.ts'] }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it("runs its command (package.json's bin, the bundle) where it is installed, its lazily loaded parts included", () => {
    const pkg = join(project, 'node_modules', 'fmx');
    const bin = join(pkg, (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { bin: { fmx: string } }).bin.fmx);
    const nova = join(ROOT, 'samples/nova-33.0.0-support-matrix.ini');
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined } });
    const md = run(['convert', nova, '--to', 'md']);
    expect(md.stderr).toBe('');
    expect(md.stdout).toMatch(/^<!--fmx /);
    // remark-stringify for a note the direct printer leaves to it; exceljs for a workbook.
    writeFileSync(join(project, 'pipe.ini'), '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\nstatus=optional\nnotes=a | b\ndriver.a=complete\n');
    expect(run(['convert', join(project, 'pipe.ini'), '--to', 'md']).stdout).toContain('a | b');
    expect(run(['convert', nova, '-o', join(project, 'nova.xlsx')]).status).toBe(0);
    const back = run(['convert', join(project, 'nova.xlsx'), '--to', 'json']);
    expect(back.status).toBe(0);
    expect(JSON.parse(back.stdout).features.length).toBe(59);
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // The first runs made the code cache of what they loaded, beside the bundle.
    expect(readdirSync(join(pkg, 'dist', 'bin', 'code-cache'))).toContain('main.cjs');
  }, 60_000);
});
