/**
 * A small JSON Schema checker for the keywords fmx's schemas use (type,
 * const, enum, required, properties, items, $ref to #/$defs). Returns the
 * list of problems, each with its JSON path.
 */

type Schema = Record<string, unknown>;

export function checkSchema(root: Schema, value: unknown): string[] {
  const problems: string[] = [];
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  const walk = (s: Schema, v: unknown, path: string) => {
    if (typeof s.$ref === 'string') {
      const name = s.$ref.replace('#/$defs/', '');
      return walk((root.$defs as Record<string, Schema>)[name]!, v, path);
    }
    if ('const' in s && v !== s.const) problems.push(`${path}: expected ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.includes(v)) problems.push(`${path}: not one of ${s.enum.join(', ')}`);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      const t = typeOf(v);
      if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) problems.push(`${path}: expected ${types.join(' or ')}, got ${t}`);
    }
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) problems.push(`${path}: missing ${r}`);
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [k, ps] of Object.entries(props)) if (k in o) walk(ps, o[k], `${path}/${k}`);
    }
    if (typeOf(v) === 'array' && s.items) (v as unknown[]).forEach((item, i) => walk(s.items as Schema, item, `${path}/${i}`));
  };
  walk(root, value, '');
  return problems;
}
