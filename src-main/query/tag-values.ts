/**
 * `GET /api/v2/search/tag/TAG/values`, as Tempo's v2 answers it: the values a field takes, for the query editor's
 * completion. Services and span names come from the store's dictionaries, status and kind are TraceQL's words; any
 * other field, or any field when a filter `q` narrows the spans, is read through the TraceQL engine from the newest
 * spans, as Tempo reads its recent blocks.
 */
import type { TagValuesResponse } from '../model/api';
import type { Field } from '../traceql/ast';
import { spanFilter } from '../traceql/evaluate';
import { fieldValue, type SpanContext, type Value } from '../traceql/field-values';
import { KIND_VALUES, STATUS_VALUES } from '../model/traceql-names';
import { parseTraceQL } from '../traceql/parse';
import type { QuerySpan, QueryTrace } from '../traceql/query-trace';
import { TraceQLError } from '../traceql/errors';
import type { StoreReader } from '../store/store-reader';
import { newestTraces, type TimeWindow } from './newest-traces';
import { QueryError } from './query-error';

/** Spans read for the values of an attribute. */
export const TAG_VALUE_SPANS = 5000;
export const MAX_TAG_VALUES = 1000;

type TagValue = TagValuesResponse['tagValues'][number];

export interface TagValueOptions extends TimeWindow {
  /** A TraceQL spanset filter: only the values of spans it matches (Tempo's filtered tag values). */
  q?: string;
  /** At most this many values (and never more than MAX_TAG_VALUES). */
  limit?: number;
}

export function tagValues(reader: StoreReader, tag: string, options: TagValueOptions = {}): TagValuesResponse {
  const field = tagField(tag);
  const limit = Math.min(options.limit ?? MAX_TAG_VALUES, MAX_TAG_VALUES);
  if (field.type === 'intrinsic' && field.name === 'span:status') return keywords(STATUS_VALUES);
  if (field.type === 'intrinsic' && field.name === 'span:kind') return keywords(KIND_VALUES);
  const filter = spanFilterOf(options.q);
  if (filter || options.startNs !== undefined || options.endNs !== undefined) return { tagValues: newestValues(reader, field, options, limit, filter) };
  if (field.type === 'intrinsic' && (field.name === 'span:name' || field.name === 'trace:rootName')) return strings(reader.operationNames(limit), limit);
  const isService = field.type === 'attribute' && field.name === 'service.name' && (field.scope === 'resource' || field.scope === 'none') && !field.parent;
  if (isService || (field.type === 'intrinsic' && field.name === 'trace:rootService')) return strings([...new Set(reader.serviceNames().values())], limit);
  return { tagValues: newestValues(reader, field, options, limit) };
}

/** The field a tag names (`span.http.route`, `.user.id`, `resource."k8s pod"`, `name`), or a QueryError saying why not. */
export function tagField(tag: string): Field {
  const prefix = '{ ';
  let expression;
  try {
    const stage = parseTraceQL(`${prefix}${tag} != nil }`).pipeline.stages;
    expression = stage.length === 1 && stage[0].type === 'spansetFilter' ? stage[0].expression : undefined;
  } catch (error) {
    if (!(error instanceof TraceQLError)) throw error;
  }
  const field = expression?.type === 'binary' && expression.op === '!=' ? expression.lhs : undefined;
  if (!field || (field.type !== 'attribute' && field.type !== 'intrinsic') || field.from !== prefix.length || field.to !== prefix.length + tag.length) {
    throw new QueryError(`"${tag}" is not a TraceQL field: name an attribute with its scope (span.http.route, resource.service.name, .user.id) or an intrinsic (name, status, kind)`);
  }
  return field;
}

/**
 * What decides which spans' values count: a spanset filter's condition, or nothing when `q` is absent or not one
 * filter that parses (Tempo then answers the unfiltered values too).
 */
function spanFilterOf(q: string | undefined): ((trace: QueryTrace, node: QuerySpan) => boolean) | undefined {
  if (!q) return undefined;
  try {
    const stages = parseTraceQL(q).pipeline.stages;
    const stage = stages.length === 1 && stages[0].type === 'spansetFilter' ? stages[0] : undefined;
    return stage?.expression ? spanFilter(stage.expression) : undefined;
  } catch (error) {
    if (!(error instanceof TraceQLError)) throw error;
    return undefined;
  }
}

function newestValues(reader: StoreReader, field: Field, window: TimeWindow, limit: number, filter?: (trace: QueryTrace, node: QuerySpan) => boolean): TagValue[] {
  const seen = new Map<string, TagValue>();
  const add = (value: Value) => {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === null || Array.isArray(v) || seen.size >= limit) continue;
      const tagValue: TagValue = typeof v === 'string' ? { type: 'string', value: v } : typeof v === 'boolean' ? { type: 'bool', value: String(v) } : { type: Number.isInteger(v) ? 'int' : 'float', value: String(v) };
      seen.set(`${tagValue.type} ${tagValue.value}`, tagValue);
    }
  };
  for (const trace of newestTraces(reader, window, TAG_VALUE_SPANS)) {
    for (const node of trace.spans) {
      if (filter && !filter(trace, node)) continue;
      const ctx: SpanContext = { trace, node };
      if (field.type === 'attribute' && field.scope === 'event') for (const event of node.span.events) add(fieldValue(field, { ...ctx, event }));
      else if (field.type === 'attribute' && field.scope === 'link') for (const link of node.span.links) add(fieldValue(field, { ...ctx, link }));
      else add(fieldValue(field, ctx));
    }
    if (seen.size >= limit) break;
  }
  return [...seen.values()].sort((a, b) => a.value.localeCompare(b.value));
}

const keywords = (values: readonly string[]) => ({ tagValues: values.map((value): TagValue => ({ type: 'keyword', value })) });
const strings = (values: string[], limit: number) => ({ tagValues: values.sort((a, b) => a.localeCompare(b)).slice(0, limit).map((value): TagValue => ({ type: 'string', value })) });
