/**
 * Where a long table's values are (src/formats/tabular/long.ts `longTrack`):
 * looked up when asked, each from the first row that holds it, and the
 * feature fields whose copies disagree listed with every distinct value and
 * where it was first seen. Checked through the CSV reader (line, column).
 */

import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../../src/formats/csv/read.js';
import type { ValueRef } from '../../../src/formats/types.js';
import { collectingOptions } from '../models.js';

const CSV = [
  'feature_key,feature_title,feature_notes,driver_key,driver_title,status,notes',
  'op.a,Attach,n1,d1,Driver One,complete,',
  'op.a,Attach,n1,d2,Driver Two,partial,why',
  'op.a,Attach again,n1,d1,Driver One,missing,',
  'op.b,Boot,,d2,Driver Two,complete,',
  'op.b,Boot,,d3,Driver Three,complete,',
  'op.a,Attach,n2,d3,Driver Three,complete,',
  'op.a,Attach again,n1,d3,Driver Three,unknown,',
].join('\n');

describe('long table places', () => {
  const { read: opts } = collectingOptions('m.csv');
  const loaded = readCsvText(CSV + '\n', opts);
  const at = (ref: ValueRef) => loaded.positions!.get(ref);

  it("a feature's fields and its row: its first row", () => {
    expect(at({ feature: 'op.a', field: 'row' })).toEqual({ line: 2, column: 1 });
    expect(at({ feature: 'op.a', field: 'title' })).toEqual({ line: 2, column: 2 });
    expect(at({ feature: 'op.b', field: 'notes' })).toEqual({ line: 5, column: 3 });
  });

  it("a cell: the first row of its feature and driver; a driver's title: its first feature row", () => {
    expect(at({ feature: 'op.a', driver: 'd1', field: 'status' })).toEqual({ line: 2, column: 6 });
    expect(at({ feature: 'op.a', driver: 'd2', field: 'notes' })).toEqual({ line: 3, column: 7 });
    expect(at({ feature: 'op.a', driver: 'd3', field: 'status' })).toEqual({ line: 7, column: 6 });
    expect(at({ driver: 'd3', field: 'title' })).toEqual({ line: 6, column: 5 });
  });

  it("a value the table has no column for falls back to its feature's row; an unknown one has no place", () => {
    expect(at({ feature: 'op.b', driver: 'd2', field: 'release' })).toEqual({ line: 5, column: 1 });
    expect(at({ feature: 'op.b', field: 'maturity' })).toEqual({ line: 5, column: 1 });
    expect(at({ driver: 'd1', field: 'link' })).toBeUndefined();
    expect(at({ feature: 'op.z', field: 'title' })).toBeUndefined();
  });

  it('feature fields whose copies disagree: each distinct value once, where first seen, in column order', () => {
    expect(loaded.repeated).toEqual([
      { ref: { feature: 'op.a', field: 'title' }, copies: [{ value: 'Attach', at: { line: 2, column: 2 } }, { value: 'Attach again', at: { line: 4, column: 2 } }] },
      { ref: { feature: 'op.a', field: 'notes' }, copies: [{ value: 'n1', at: { line: 2, column: 3 } }, { value: 'n2', at: { line: 7, column: 3 } }] },
    ]);
  });
});
