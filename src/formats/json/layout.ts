/** What the JSON reader and writer share: the shape of an embedded source (`--with-source`). */

export interface JsonSource {
  /** The format of the embedded source; only `ini` is defined. */
  type: 'ini';
  /** The complete source text, a leading BOM included as U+FEFF. */
  text: string;
}
