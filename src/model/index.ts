/** The model: what every reader produces and every writer consumes. Imports nothing else of fmx. */

export * from './matrix.js';
export * from './fold.js';
export * from './keys.js';
export * from './carried.js';
export * from './check.js';
