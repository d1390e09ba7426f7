/** The published pages in samples/rendered/ and the INI each was rendered from. */
import { readFileSync } from 'node:fs';
import type { Loaded, ReadOptions } from '../../../src/formats/types.js';
import type { Diagnostic } from '../../../src/diagnostics.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { read as readHtml } from '../../../src/formats/html/read.js';
import { read as readText } from '../../../src/formats/text/read.js';
import { samplePath } from '../../helpers/samples.js';

export interface PageInput {
  /** Path under samples/. */
  page: string;
  format: 'txt' | 'html';
  /** The INI it was rendered from, under samples/. */
  ini: string;
  renderer: 'nova' | 'sfc';
}

export const PAGE_INPUTS: PageInput[] = [
  { page: 'rendered/nova-15.0.0-support-matrix.txt', format: 'txt', ini: 'nova-15.0.0-support-matrix.ini', renderer: 'nova' },
  { page: 'rendered/nova-33.0.0-support-matrix.html', format: 'html', ini: 'nova-33.0.0-support-matrix.ini', renderer: 'sfc' },
  { page: 'rendered/nova-33.0.0-support-matrix.w3m.txt', format: 'txt', ini: 'nova-33.0.0-support-matrix.ini', renderer: 'sfc' },
  { page: 'rendered/nova-33.0.0-support-matrix.pandoc.txt', format: 'txt', ini: 'nova-33.0.0-support-matrix.ini', renderer: 'sfc' },
  { page: 'rendered/cinder-master-support-matrix.html', format: 'html', ini: 'cinder-master-support-matrix.ini', renderer: 'sfc' },
  { page: 'rendered/cinder-master-support-matrix.w3m.txt', format: 'txt', ini: 'cinder-master-support-matrix.ini', renderer: 'sfc' },
  { page: 'rendered/cinder-master-support-matrix.pandoc.txt', format: 'txt', ini: 'cinder-master-support-matrix.ini', renderer: 'sfc' },
];

export interface PageRead {
  loaded: Loaded;
  warnings: Diagnostic[];
}

/** Read page bytes in-process with the reader of its format. */
export function readPage(bytes: Uint8Array, format: 'txt' | 'html', file: string, keysFrom?: Matrix): PageRead {
  const warnings: Diagnostic[] = [];
  const opts: ReadOptions = { file, keysFrom, warn: (d) => warnings.push(d) };
  const loaded = format === 'html' ? readHtml(bytes, opts) : readText(bytes, opts);
  return { loaded, warnings };
}

export function readPageInput(input: PageInput, keysFrom?: Matrix): PageRead {
  return readPage(readFileSync(samplePath(input.page)), input.format, 'samples/' + input.page, keysFrom);
}
