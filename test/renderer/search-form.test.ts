import { describe, expect, it } from 'vitest';
import { apiQuery, formFromParams, paramsFromForm } from '../../src-renderer/lib/search-form';

describe('the search form and the address', () => {
  it('round-trips every filter through the URL', () => {
    const params = new URLSearchParams('service=cart&operation=GET+%2F&spanKind=SERVER&attr=a%3D1&attr=b%3Dx&minDuration=10ms&maxDuration=2s&lookback=6h&status=error&limit=50');
    const form = formFromParams(params);
    expect(form).toMatchObject({ service: 'cart', operation: 'GET /', spanKind: 'SERVER', attributes: 'a=1 b=x', minDuration: '10ms', maxDuration: '2s', lookback: '6h', errorsOnly: true, limit: '50' });
    expect(paramsFromForm(form).toString()).toBe(params.toString());
  });

  it('leaves defaults and blank fields out of the address', () => {
    expect(paramsFromForm({ ...formFromParams(new URLSearchParams()), minDuration: '  ', limit: '20' }).toString()).toBe('');
  });

  it('turns a lookback into a start time for the API, relative to now', () => {
    const query = apiQuery(new URLSearchParams('lookback=7d&service=a'), 1_000_000_000_000);
    expect(query.get('start')).toBe(String(1_000_000_000_000 - 7 * 86_400_000));
    expect(query.has('lookback')).toBe(false);
    expect(apiQuery(new URLSearchParams('lookback=all'), 5).has('start')).toBe(false);
  });

  it('keeps a custom range as epoch milliseconds', () => {
    const params = new URLSearchParams('start=1420070400000&end=1420074000000');
    const form = formFromParams(params);
    expect(form.lookback).toBe('custom');
    const back = paramsFromForm(form);
    expect(back.get('start')).toBe('1420070400000');
    expect(back.get('end')).toBe('1420074000000');
    expect(apiQuery(back, Date.now()).get('start')).toBe('1420070400000');
  });
});
