/**
 * Bytes to text for every text reader: strict UTF-8 with positioned errors,
 * BOM detection. Also the input size limit every reader and input path shares.
 */

import { error } from '../diagnostics.js';

export interface DecodedText {
  /** The text without a leading BOM. */
  text: string;
  /** Whether the bytes began with a UTF-8 byte order mark. */
  bom: boolean;
}

/** The default `--max-size`: inputs, and what an archive inflates to, above it are refused. */
export const DEFAULT_MAX_SIZE = 256 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decode UTF-8 strictly. Invalid UTF-8 and NUL bytes are errors positioned at
 * the offending byte (line, column and byte offset).
 */
export function decodeUtf8(bytes: Uint8Array, file: string): DecodedText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw error(file, `the file is UTF-16 (it starts with the byte order mark ${bytes[0] === 0xff ? 'FF FE' : 'FE FF'}): save it as UTF-8`, 1, 1, 'input-invalid-utf8');
  }
  const nul = bytes.indexOf(0);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    if (nul !== -1 && nul < bad) throw nulError(bytes, nul, file);
    const { line, column } = positionOfByte(bytes, bad);
    throw error(
      file,
      `invalid UTF-8: byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at byte offset ${bad} (the file must be UTF-8 text)`,
      line,
      column,
      'input-invalid-utf8',
    );
  }
  if (nul !== -1) throw nulError(bytes, nul, file);
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

function nulError(bytes: Uint8Array, nul: number, file: string) {
  const { line, column } = positionOfByte(bytes, nul);
  return error(file, `NUL byte at byte offset ${nul}: this is not a text file`, line, column, 'input-nul-byte');
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      min = 0x10000;
    } else return i;
    if (i + len > n) return i;
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return n;
}

/** 1-based line and column (in characters of the valid prefix) of a byte offset. */
function positionOfByte(b: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = b[i];
    if (c === 0x0a || (c === 0x0d && b[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const prefix = new TextDecoder('utf-8').decode(b.subarray(lineStart, offset));
  return { line, column: prefix.length + 1 };
}
