/**
 * Patch an INI document so that it reads as a given model, touching only the
 * lines of what changed.
 */

import { error } from '../diagnostics.js';
import { printIni } from '../emitters/ini.js';
import { toPlain, type Matrix } from '../model.js';
import { matrixFromIni } from '../parsers/ini.js';
import type { IniDocument } from './cst.js';

export function patchIni(base: IniDocument, target: Matrix, where: string): string {
  const current = matrixFromIni(base);
  if (JSON.stringify(toPlain(current)) === JSON.stringify(toPlain(target))) return printIni(base);
  throw error(where, 'writing an edited model into its base INI is not supported yet', undefined, undefined, 'ini-patch');
}
