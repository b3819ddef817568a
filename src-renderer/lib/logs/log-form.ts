/**
 * The logs view's filters ↔ its address (`/logs?service=…&severity=…&text=…&attr=…&traceId=…&lookback=…`), in the
 * API's names, so a log search is a link. Service, attributes and the time range are read and written as the
 * trace search does them.
 */
import { formFromParams, paramsFromForm, type SearchForm } from '../search-form';
import { formErrors } from '../search/form-errors';
import { minimumSeverity } from './severity';

export interface LogForm extends Pick<SearchForm, 'service' | 'attributes' | 'lookback' | 'from' | 'to'> {
  /** The minimum severity, a level name or a number ('' for any). */
  severity: string;
  text: string;
  traceId: string;
}

export type LogField = 'severity' | 'attributes' | 'traceId' | 'range';
export type LogFieldErrors = Partial<Record<LogField, string>>;

const asSearchForm = (form: LogForm): SearchForm => ({ ...formFromParams(new URLSearchParams()), ...form });

export function logFormFromParams(params: URLSearchParams): LogForm {
  const { service, attributes, lookback, from, to } = formFromParams(params);
  return { service, attributes, lookback, from, to, severity: (params.get('severity') ?? '').toUpperCase(), text: params.get('text') ?? '', traceId: params.get('traceId') ?? '' };
}

export function logParamsFromForm(form: LogForm): URLSearchParams {
  const params = paramsFromForm(asSearchForm(form));
  if (form.severity) params.set('severity', form.severity);
  if (form.text.trim()) params.set('text', form.text.trim());
  if (form.traceId.trim()) params.set('traceId', form.traceId.trim().toLowerCase());
  return params;
}

export function logFormErrors(form: LogForm): LogFieldErrors {
  const { attributes, range } = formErrors(asSearchForm(form));
  const errors: LogFieldErrors = {};
  if (attributes) errors.attributes = attributes;
  if (range) errors.range = range;
  if (form.severity && minimumSeverity(form.severity) === undefined) errors.severity = `"${form.severity}" is not a severity: use TRACE, DEBUG, INFO, WARN, ERROR, FATAL or a number from 1 to 24`;
  const traceId = form.traceId.trim();
  if (traceId && !/^[0-9a-f]{32}$/i.test(traceId)) errors.traceId = `"${traceId}" is not a trace id: use its 32 hexadecimal digits`;
  return errors;
}
