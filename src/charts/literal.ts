/**
 * A compact JavaScript object literal for data: `{type:"bar",data:{labels:["2023"]}}`. Keys that
 * are identifiers go unquoted (QuickChart reads the config as JavaScript), which keeps a chart
 * URL a few hundred characters shorter than JSON. Strings, numbers, booleans and null only; no
 * functions. `parseLiteral` reads the same subset back (for tests and debugging).
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function toLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue;
      parts.push(`${IDENTIFIER.test(key) ? key : JSON.stringify(key)}:${toLiteral(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`cannot write a ${typeof value} into a chart config`);
}

/** Parses what `toLiteral` writes (and plain JSON). Throws a SyntaxError with the position on anything else. */
export function parseLiteral(source: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`chart config: ${what} at ${at}: ${JSON.stringify(source.slice(at, at + 20))}`);
  };
  const space = () => {
    while (at < source.length && /\s/.test(source[at]!)) at++;
  };
  const string = (): string => {
    const quote = source[at];
    if (quote !== '"' && quote !== "'") return fail('expected a string');
    let end = at + 1;
    while (end < source.length && source[end] !== quote) end += source[end] === '\\' ? 2 : 1;
    if (end >= source.length) return fail('unterminated string');
    let body = source.slice(at + 1, end);
    if (quote === "'") body = body.replace(/\\'/g, "'").replace(/"/g, '\\"');
    at = end + 1;
    return JSON.parse(`"${body}"`) as string;
  };
  const value = (): unknown => {
    space();
    const c = source[at];
    if (c === '{') {
      at++;
      const out: Record<string, unknown> = {};
      space();
      if (source[at] === '}') return (at++, out);
      for (;;) {
        space();
        let key: string;
        if (source[at] === '"' || source[at] === "'") key = string();
        else {
          const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(at));
          if (!m) return fail('expected a key');
          key = m[0];
          at += key.length;
        }
        space();
        if (source[at++] !== ':') return fail('expected ":"');
        out[key] = value();
        space();
        const next = source[at++];
        if (next === '}') return out;
        if (next !== ',') return fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      at++;
      const out: unknown[] = [];
      space();
      if (source[at] === ']') return (at++, out);
      for (;;) {
        out.push(value());
        space();
        const next = source[at++];
        if (next === ']') return out;
        if (next !== ',') return fail('expected "," or "]"');
      }
    }
    if (c === '"' || c === "'") return string();
    const word = /^(?:true|false|null|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(source.slice(at));
    if (!word) return fail('unexpected character');
    at += word[0].length;
    return word[0] === 'true' ? true : word[0] === 'false' ? false : word[0] === 'null' ? null : Number(word[0]);
  };
  const result = value();
  space();
  if (at !== source.length) fail('trailing text');
  return result;
}
