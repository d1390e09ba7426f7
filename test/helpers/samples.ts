/** The bundled samples (samples/README.md says where each comes from). */

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLES_DIR = ROOT + 'samples/';

export const INI_SAMPLES: string[] = readdirSync(SAMPLES_DIR)
  .filter((f) => f.endsWith('.ini'))
  .sort();

export function samplePath(name: string): string {
  return SAMPLES_DIR + name;
}

export function sampleBytes(name: string): Buffer {
  return readFileSync(SAMPLES_DIR + name);
}
