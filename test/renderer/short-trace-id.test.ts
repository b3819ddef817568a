import { describe, expect, it } from 'vitest';
import { shortTraceId } from '../../src-renderer/lib/trace/short-trace-id';

describe('shortTraceId', () => {
  it('keeps the first 8 hex digits of a 128-bit id', () => {
    expect(shortTraceId('4bf92f3577b34da6a3ce929d0e0e4736')).toBe('4bf92f35');
  });

  it('skips the zeros a 64-bit id is padded with', () => {
    expect(shortTraceId('000000000000000014b60fd9ae504820')).toBe('14b60fd9');
    expect(shortTraceId('1e223ff1f80f1c69')).toBe('1e223ff1');
  });
});
