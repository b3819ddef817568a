import { describe, expect, it } from 'vitest';
import { BytesInterner } from '../../src-main/store/bytes-interner';

describe('BytesInterner', () => {
  it('makes a value once per distinct byte string, wherever the bytes sit', () => {
    const made: string[] = [];
    const interner = new BytesInterner((text) => {
      made.push(text);
      return { text };
    });
    const buf = Buffer.from('xxhttp.routeyyhttp.routezzhttp.methodé');
    const first = interner.get(buf, 2, 12);
    expect(interner.get(buf, 14, 24)).toBe(first);
    expect(interner.get(buf, 26, 37).text).toBe('http.method');
    expect(interner.get(buf, 37, buf.length).text).toBe('é');
    expect(made).toEqual(['http.route', 'http.method', 'é']);
  });

  it('starts over past its bound instead of growing', () => {
    let made = 0;
    const interner = new BytesInterner(() => ++made, 2);
    const buf = Buffer.from('abc');
    interner.get(buf, 0, 1);
    interner.get(buf, 1, 2);
    interner.get(buf, 2, 3); // full: forgets a and b
    expect(interner.get(buf, 0, 1)).toBe(4);
  });
});
