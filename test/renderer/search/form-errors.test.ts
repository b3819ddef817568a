import { describe, expect, it } from 'vitest';
import { durationNs, fieldOfApiError, formErrors } from '../../../src-renderer/lib/search/form-errors';
import { kindWord, operationLabel, operationOfValue, operationValue } from '../../../src-renderer/lib/search/operation-choice';
import { formFromParams } from '../../../src-renderer/lib/search-form';

const form = (query: string) => formFromParams(new URLSearchParams(query));

describe('the form checked before it is sent', () => {
  it('reads durations as the core does (a bare number is microseconds)', () => {
    expect(durationNs('20ms')).toBe(20e6);
    expect(durationNs(' 1.5 s ')).toBe(1.5e9);
    expect(durationNs('250')).toBe(250e3);
    expect(durationNs('fast')).toBeUndefined();
  });

  it('puts each error under its field, naming the value', () => {
    expect(formErrors(form('maxDuration=fast'))).toEqual({ maxDuration: 'Max "fast" is not a duration: use a number with ns, us, ms, s, m or h, such as 20ms' });
    expect(formErrors(form('minDuration=50ms&maxDuration=20ms')).maxDuration).toBe('Max "20ms" is below the min "50ms": no span can match');
    expect(formErrors(form('attr=a%3D1&attr=oops')).attributes).toBe('"oops" must be KEY=VALUE, such as http.response.status_code=500');
    expect(formErrors(form('limit=0')).limit).toBe('"0" must be a whole number from 1 to 10000');
    expect(formErrors({ ...form(''), lookback: 'custom', from: '2026-12-02T10:00', to: '2026-12-02T09:00' }).range).toBe('The start is after the end');
  });

  it('finds nothing wrong with a good form', () => {
    expect(formErrors(form('service=a&minDuration=1ms&maxDuration=2s&attr=k%3Dv&limit=50&lookback=1h'))).toEqual({});
  });

  it('tells which field a 400 from the core is about', () => {
    expect(fieldOfApiError('maxDuration "fast" is not a duration; use …')).toBe('maxDuration');
    expect(fieldOfApiError('attr "x" must be KEY=VALUE')).toBe('attributes');
    expect(fieldOfApiError('end "yesterday" is not a time')).toBe('range');
    expect(fieldOfApiError('Spanscope is not answering; is it still running?')).toBeUndefined();
  });
});

describe('operation choices', () => {
  it('tell the SERVER GET from the CLIENT GET and round-trip through their value', () => {
    const server = { name: 'GET /a b', kind: 'SERVER' } as const;
    expect(operationLabel(server)).toBe('GET /a b · server');
    expect(operationLabel({ name: 'GET', kind: 'CLIENT' })).toBe('GET · client');
    expect(operationOfValue(operationValue(server))).toEqual({ name: 'GET /a b', kind: 'SERVER' });
    expect(kindWord('UNSPECIFIED')).toBe('unspecified kind');
  });
});
