/**
 * How a log body is shown: text on one line, or, for a map or an array (also one sent as a string of JSON),
 * a collapsible tree under that line.
 */
import type { ApiValue } from '../../../src-main/model/api';

export type JsonTreeValue = ApiValue[] | { [key: string]: ApiValue };

export type BodyView = { kind: 'text'; text: string } | { kind: 'tree'; value: JsonTreeValue };

export function isTreeValue(value: ApiValue): value is JsonTreeValue {
  return typeof value === 'object' && value !== null;
}

export function bodyView(body: ApiValue): BodyView {
  if (isTreeValue(body)) return { kind: 'tree', value: body };
  if (typeof body === 'string') {
    const parsed = parsedJson(body);
    return parsed ? { kind: 'tree', value: parsed } : { kind: 'text', text: body };
  }
  return { kind: 'text', text: body === null ? '' : String(body) };
}

/** A string that is a JSON object or array, parsed; undefined for any other string (cheaply, for plain text). */
function parsedJson(text: string): JsonTreeValue | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    const value = JSON.parse(text) as ApiValue;
    return isTreeValue(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The body on one line: a text's first line, a tree as compact JSON. */
export function bodyLine(view: BodyView): string {
  if (view.kind === 'tree') return JSON.stringify(view.value);
  const end = view.text.indexOf('\n');
  return end < 0 ? view.text : `${view.text.slice(0, end)} …`;
}

/** The text a body is searched in: a string as it is, anything else as JSON. */
export function bodyText(body: ApiValue): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}
