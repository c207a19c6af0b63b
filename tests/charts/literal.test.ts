import { describe, expect, it } from 'vitest';
import { parseLiteral, toLiteral } from '../../src/charts/literal.js';

describe('config literal', () => {
  it('writes identifier keys unquoted and reads them back', () => {
    const value = {
      type: 'bar',
      data: { labels: ['China\'s "exports"', 'a\\b', 'Ққ 中国 🚢'], n: [1.5, -2e-7, null, 0] },
      'x-y': true,
      f: false,
    };
    const text = toLiteral(value);
    expect(text.startsWith('{type:"bar",data:{labels:')).toBe(true);
    expect(text).toContain('"x-y":true');
    expect(parseLiteral(text)).toEqual(value);
  });

  it('writes NaN and Infinity as null, never as text QuickChart cannot read', () => {
    expect(toLiteral([Number.NaN, Number.POSITIVE_INFINITY, 1])).toBe('[null,null,1]');
  });

  it('reads plain JSON and single-quoted strings too', () => {
    expect(parseLiteral("{\"a\": [1, 2], 'b': 'it\\'s'}")).toEqual({ a: [1, 2], b: "it's" });
  });

  it('refuses text that is not a data literal, saying where', () => {
    expect(() => parseLiteral('{a:function(){}}')).toThrow(SyntaxError);
    expect(() => parseLiteral('{a:1} x')).toThrow(/trailing/);
  });
});
