/**
 * Find where a value sits in JSON text, by its path. Used only to position
 * error messages after `JSON.parse` succeeded but the content was wrong.
 */

export type JsonPath = (string | number)[];

/** 0-based offset of the value at `path`, or of the deepest ancestor found. */
export function locateJsonPath(text: string, path: JsonPath): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n\ufeff'.includes(text[i]!)) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (c === '{') {
          skipString();
          ws();
          i++; // colon
        }
        skipValue();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        i++;
        return;
      }
    }
    while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i++;
  };
  ws();
  for (const step of path) {
    ws();
    const start = i;
    if (typeof step === 'number' && text[i] === '[') {
      i++;
      for (let k = 0; k < step; k++) {
        skipValue();
        ws();
        if (text[i] !== ',') return start;
        i++;
      }
      ws();
      if (text[i] === ']') return start;
    } else if (typeof step === 'string' && text[i] === '{') {
      i++;
      let found = false;
      for (;;) {
        ws();
        if (text[i] !== '"') return start;
        const ks = i;
        skipString();
        let key: string;
        try {
          key = JSON.parse(text.slice(ks, i));
        } catch {
          return start;
        }
        ws();
        i++; // colon
        ws();
        if (key === step) {
          found = true;
          break;
        }
        skipValue();
        ws();
        if (text[i] !== ',') return start;
        i++;
      }
      if (!found) return start;
    } else {
      return start;
    }
  }
  ws();
  return i;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let ls = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) {
      line++;
      ls = k + 1;
    }
  }
  return { line, column: offset - ls + 1 };
}
