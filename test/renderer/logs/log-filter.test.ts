import { describe, expect, it } from 'vitest';
import { logMatcher } from '../../../src-renderer/lib/logs/log-filter';
import { logRecord, T0 } from './log-records';

const matches = (query: string, fields: Parameters<typeof logRecord>[0]) => logMatcher(new URLSearchParams(query))(logRecord(fields));

describe('the live tail keeps the records the query asks for', () => {
  it('takes everything when nothing is asked', () => {
    expect(matches('', { severityNumber: 0, body: null })).toBe(true);
  });

  it('by service, minimum severity (name or number), and text anywhere in the body, in any case', () => {
    expect(matches('service=cart', {})).toBe(true);
    expect(matches('service=cart', { service: 'carts' })).toBe(false);
    expect(matches('severity=WARN', { severityNumber: 13 })).toBe(true);
    expect(matches('severity=warn', { severityNumber: 12 })).toBe(false);
    expect(matches('severity=18', { severityNumber: 17 })).toBe(false);
    expect(matches('severity=WARN', { severityNumber: 0 })).toBe(false);
    expect(matches('text=DECLINED', { body: 'card declined by issuer' })).toBe(true);
    expect(matches('text=declined', { body: { reason: 'Declined' } })).toBe(true);
    expect(matches('text=declined', { body: 'accepted' })).toBe(false);
  });

  it('by attributes (every pair, values compared as text), trace and span', () => {
    const attributes = { 'http.status_code': 500, user: 'ada=lovelace', ok: false };
    expect(matches('attr=http.status_code%3D500&attr=user%3Dada%3Dlovelace', { attributes })).toBe(true);
    expect(matches('attr=ok%3Dfalse', { attributes })).toBe(true);
    expect(matches('attr=http.status_code%3D404', { attributes })).toBe(false);
    expect(matches('attr=missing%3D', { attributes })).toBe(false);
    // A resource attribute answers too, as the core's search does.
    expect(matches('attr=host.name%3Dlaptop', { resource: { attributes: { 'host.name': 'laptop' } } })).toBe(true);
    expect(matches(`traceId=${'AB'.repeat(16)}&spanId=${'cd'.repeat(8)}`, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) })).toBe(true);
    expect(matches(`traceId=${'ab'.repeat(16)}`, {})).toBe(false);
  });

  it('by time, in epoch ms or RFC 3339', () => {
    const ms = Number(T0 / 1_000_000n);
    expect(matches(`start=${ms}&end=${ms}`, {})).toBe(true);
    expect(matches(`start=${ms + 1}`, {})).toBe(false);
    expect(matches(`end=${new Date(ms - 1).toISOString()}`, {})).toBe(false);
    expect(matches(`start=${new Date(ms - 1000).toISOString()}`, {})).toBe(true);
  });
});
