import { describe, expect, it } from 'vitest';
import { logFormErrors, logFormFromParams, logParamsFromForm } from '../../../src-renderer/lib/logs/log-form';

describe('the logs filters and the address', () => {
  it('round-trips every filter through the URL', () => {
    const params = new URLSearchParams(`service=cart&attr=http.route%3D%2Fcart&attr=user%3Dada&lookback=1h&severity=WARN&text=declined&traceId=${'ab'.repeat(16)}`);
    const form = logFormFromParams(params);
    expect(form).toEqual({ service: 'cart', attributes: 'http.route=/cart user=ada', lookback: '1h', from: '', to: '', severity: 'WARN', text: 'declined', traceId: 'ab'.repeat(16) });
    expect(logParamsFromForm(form).toString()).toBe(params.toString());
  });

  it('leaves blank fields out, trims text, lowers a trace id and upper-cases a level', () => {
    expect(logParamsFromForm(logFormFromParams(new URLSearchParams())).toString()).toBe('');
    const form = { ...logFormFromParams(new URLSearchParams('severity=error')), text: '  timeout ', traceId: ` ${'AB'.repeat(16)}` };
    expect(form.severity).toBe('ERROR');
    expect(Object.fromEntries(logParamsFromForm(form))).toEqual({ severity: 'ERROR', text: 'timeout', traceId: 'ab'.repeat(16) });
  });

  it('keeps a custom range as epoch milliseconds', () => {
    const form = logFormFromParams(new URLSearchParams('start=1420070400000&end=1420074000000'));
    expect(form.lookback).toBe('custom');
    expect(logParamsFromForm(form).toString()).toBe('start=1420070400000&end=1420074000000');
  });

  it('names what is wrong under its field, in a sentence with the value', () => {
    const form = logFormFromParams(new URLSearchParams());
    expect(logFormErrors(form)).toEqual({});
    expect(logFormErrors({ ...form, attributes: 'user', severity: 'LOUD', traceId: 'xyz', lookback: 'custom' })).toEqual({
      attributes: '"user" must be KEY=VALUE, such as http.response.status_code=500',
      severity: '"LOUD" is not a severity: use TRACE, DEBUG, INFO, WARN, ERROR, FATAL or a number from 1 to 24',
      traceId: '"xyz" is not a trace id: use its 32 hexadecimal digits',
      range: 'Give a start or an end, or choose a preset',
    });
    expect(logFormErrors({ ...form, severity: '17' })).toEqual({});
  });
});
