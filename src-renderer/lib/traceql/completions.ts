/**
 * What the query editor offers at the cursor, from the text alone: scopes, intrinsics, attribute names (the store's
 * keys), service names inside a service's string, operators after a field, values of status and kind, functions.
 * Inside the string of another field it names the field whose values the store is to be asked for (`valuesOf`).
 */
import { AGGREGATES, ATTRIBUTE_SCOPE_WORDS, KIND_VALUES, METRICS_FUNCTIONS, SCOPED_INTRINSICS, STATUS_VALUES, UNSCOPED_INTRINSIC_NAMES } from '../../../src-main/model/traceql-names';

export interface CompletionWords {
  /** Attribute keys the store has seen (`GET /api/search/tags`). */
  tags: string[];
  services: string[];
}

export interface Choice {
  label: string;
  type: 'namespace' | 'property' | 'keyword' | 'operator' | 'function' | 'constant' | 'text';
  /** Inserted instead of the label, when it differs. */
  apply?: string;
  detail?: string;
}

export interface Completion {
  /** Where the replaced text starts. */
  from: number;
  options: Choice[];
  /** The field whose string values complete here (`span.http.route`): the editor asks the store. */
  valuesOf?: string;
}

export const FIELD_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', '=~', '!~'];
const SPANSET_OPERATORS = ['&&', '||', '>', '>>', '<', '<<', '~', '!>', '!>>', '!<', '!<<', '!~', '&>', '&>>', '&<', '&<<', '&~'];
/** Nested-set intrinsics are Tempo's internals: not offered. */
const OFFERED_UNSCOPED = Object.keys(UNSCOPED_INTRINSIC_NAMES).filter((name) => !name.startsWith('nestedSet'));
const SERVICE_FIELDS = /(resource\.service\.name|\.service\.name|rootServiceName|trace:rootService)\s*(=|!=|=~|!~)\s*"([^"]*)$/;
const STRING_FIELDS = /((?:\b(?:span|resource|event|link|instrumentation))?\.[\w.]+|\b(?:span:name|name|rootName|trace:rootName|span:statusMessage|statusMessage|event:name|instrumentation:name))\s*(=|!=|=~|!~)\s*"([^"]*)$/;

export function completeAt(text: string, pos: number, words: CompletionWords): Completion | null {
  const before = text.slice(0, pos);
  const service = SERVICE_FIELDS.exec(before);
  if (service) return { from: pos - service[3].length, options: words.services.map((s) => stringChoice(s, 'service')) };
  const field = STRING_FIELDS.exec(before);
  if (field) return { from: pos - field[3].length, options: [], valuesOf: field[1] };
  if (insideString(before)) return null;

  const scoped = /(?:\b(span|resource|event|link|instrumentation|parent))?\.([\w.]*)$/.exec(before);
  // `.x` alone is an attribute too; `1.5` is a number.
  if (scoped && (scoped[1] !== undefined || !/[\w"]$/.test(before.slice(0, scoped.index)))) {
    return { from: pos - scoped[2].length, options: words.tags.map((tag) => ({ label: tag, type: 'property' })) };
  }
  const intrinsic = /\b(trace|span|event|link|instrumentation):(\w*)$/.exec(before);
  if (intrinsic) return { from: pos - intrinsic[2].length, options: SCOPED_INTRINSICS[intrinsic[1]].map((name) => ({ label: name, type: 'keyword' })) };

  const word = /[\w]*$/.exec(before)![0];
  const from = pos - word.length;
  const head = before.slice(0, from).trimEnd();
  const braces = depth(before);
  if (/\b(status|span:status)\s*(=|!=)\s*$/.test(head)) return { from, options: STATUS_VALUES.map((v) => ({ label: v, type: 'constant' })) };
  if (/\b(kind|span:kind)\s*(=|!=)\s*$/.test(head)) return { from, options: KIND_VALUES.map((v) => ({ label: v, type: 'constant' })) };
  if (word === '' && /[\w"\])}]$/.test(head)) {
    if (braces > 0 && endsWithField(head)) return { from, options: FIELD_OPERATORS.map((op) => ({ label: op, type: 'operator' })) };
    if (braces > 0) return { from, options: ['&&', '||'].map((op) => ({ label: op, type: 'operator' })) };
    if (head.endsWith('}')) return { from, options: [...SPANSET_OPERATORS, '|'].map((op) => ({ label: op, type: 'operator' })) };
    return null;
  }
  if (braces > 0 || /[(,]\s*$/.test(head)) return { from, options: fieldChoices() };
  if (/\|\s*$/.test(head)) {
    return {
      from,
      options: [
        ...METRICS_FUNCTIONS.map((f) => ({ label: `${f}()`, type: 'function' as const, apply: `${f}(` })),
        ...AGGREGATES.map((f) => ({ label: `${f}()`, type: 'function' as const, apply: `${f}(` })),
        ...['by', 'select', 'coalesce'].map((f) => ({ label: `${f}()`, type: 'function' as const, apply: `${f}(` })),
      ],
    };
  }
  return null;
}

/** Scopes, then intrinsics (scoped and the older unscoped spellings). */
function fieldChoices(): Choice[] {
  return [
    ...ATTRIBUTE_SCOPE_WORDS.filter((s) => s !== 'parent').map((s) => ({ label: `${s}.`, type: 'namespace' as const, detail: 'attribute scope' })),
    ...Object.entries(SCOPED_INTRINSICS).flatMap(([scope, names]) => names.map((n) => ({ label: `${scope}:${n}`, type: 'keyword' as const, detail: 'intrinsic' }))),
    ...OFFERED_UNSCOPED.map((n) => ({ label: n, type: 'keyword' as const, detail: 'intrinsic' })),
  ];
}

/** Whether the text before ends with a field, so an operator comes next (`duration `, `span.http.route `). */
function endsWithField(head: string): boolean {
  const last = /([\w.:"-]+)$/.exec(head)?.[1] ?? '';
  if (last === '' || last.startsWith('"') || /^\d/.test(last) || /^(nil|true|false|error|ok|unset|server|client|producer|consumer|internal|unspecified)$/.test(last)) return false;
  return true;
}

function insideString(before: string): boolean {
  let open = false;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === '\\' && open) i++;
    else if (before[i] === '"') open = !open;
  }
  return open;
}

/** How deep in `{ }` the cursor is (strings skipped). */
function depth(before: string): number {
  let d = 0;
  let open = false;
  for (let i = 0; i < before.length; i++) {
    const ch = before[i];
    if (ch === '\\' && open) i++;
    else if (ch === '"') open = !open;
    else if (!open && ch === '{') d++;
    else if (!open && ch === '}') d = Math.max(0, d - 1);
  }
  return d;
}

/** A string value, closing its quote. */
export function stringChoice(value: string, detail: string): Choice {
  return { label: value, type: 'text', apply: `${escapeString(value)}"`, detail };
}

function escapeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
