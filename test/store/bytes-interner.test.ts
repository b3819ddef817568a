import { describe, expect, it } from 'vitest';
import { BytesInterner, MAX_CANDIDATES } from '../../src-main/store/bytes-interner';
import { fnvMulticollision, oldFnvHash } from '../helpers/fnv-collisions';

describe('BytesInterner', () => {
  it('makes a value once per distinct byte string, wherever the bytes sit', () => {
    const made: string[] = [];
    const interner = new BytesInterner((text) => {
      made.push(text);
      return { text };
    }, 1 << 20);
    const buf = Buffer.from('xxhttp.routeyyhttp.routezzhttp.methodé');
    const first = interner.get(buf, 2, 12);
    expect(interner.get(buf, 14, 24)).toBe(first);
    expect(interner.get(buf, 26, 37).text).toBe('http.method');
    expect(interner.get(buf, 37, buf.length).text).toBe('é');
    expect(made).toEqual(['http.route', 'http.method', 'é']);
  });

  it('starts over past its byte budget instead of growing', () => {
    let made = 0;
    const interner = new BytesInterner(() => ++made, 8 * 163); // room for 8 one-byte entries (163 bytes each)
    const buf = Buffer.from('abcdefghi');
    for (let i = 0; i < 9; i++) interner.get(buf, i, i + 1); // the ninth starts over: a to h forgotten
    expect(interner.get(buf, 8, 9)).toBe(9);
    expect(interner.get(buf, 0, 1)).toBe(10);
  });

  it('never keeps a string longer than an eighth of its budget', () => {
    let made = 0;
    const interner = new BytesInterner(() => ++made, 8 * 1024);
    const long = Buffer.alloc(1024, 'n');
    interner.get(long, 0, long.length);
    interner.get(long, 0, long.length);
    expect(made).toBe(2);
  });

  it('compares at most a few candidates a lookup, even for strings that all share the old hash', () => {
    const names = fnvMulticollision(10).map((name) => Buffer.from(name));
    expect(names).toHaveLength(1024);
    expect(new Set(names.map((n) => n.toString())).size).toBe(1024);
    expect(new Set(names.map(oldFnvHash)).size).toBe(1); // they would all sit in one chain before

    const interner = new BytesInterner((text) => text, 1 << 20);
    let wrong = 0;
    for (let round = 0; round < 3; round++) for (const name of names) if (interner.get(name, 0, name.length) !== name.toString()) wrong++;
    expect(wrong).toBe(0);
    // Before issue 13 this set made 1,573,376 comparisons (every lookup scanned the chain of 1,024).
    expect(interner.comparisons).toBeLessThanOrEqual(3 * names.length * MAX_CANDIDATES);
  });
});
