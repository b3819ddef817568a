/**
 * `GET /tempo/api/v2/search/tags`, as Tempo's v2 answers it: the attribute keys of each scope, read from the newest
 * spans (resources from the newest resources), and TraceQL's intrinsics. Scopes without keys are left out.
 */
import type { TagScope, TagScopesResponse } from '../model/api';
import type { Attributes } from '../model/span';
import { SCOPED_INTRINSICS, UNSCOPED_INTRINSIC_NAMES } from '../model/traceql-names';
import type { StoreReader } from '../store/store-reader';
import { newestTraces, type TimeWindow } from './newest-traces';
import { TAG_VALUE_SPANS } from './tag-values';
import { MAX_TAG_NAMES } from './trace-query';

export const TAG_SCOPES: readonly TagScope[] = ['resource', 'span', 'event', 'link', 'instrumentation', 'intrinsic'];

/** Resources read for their keys when no time window narrows them: one a process. */
const RESOURCES_FOR_TAGS = 1000;

/** The intrinsics by their scoped names and the unscoped spellings Tempo lists beside them (not its internal nestedSet* ones). */
const INTRINSIC_TAGS = [
  ...Object.entries(SCOPED_INTRINSICS).flatMap(([scope, names]) => names.map((name) => `${scope}:${name}`)),
  ...Object.keys(UNSCOPED_INTRINSIC_NAMES).filter((name) => name !== 'parent' && !name.startsWith('nestedSet')),
].sort();

export interface TagScopeOptions extends TimeWindow {
  /** One scope, or every scope when undefined. */
  scope?: TagScope;
  /** Keys per scope at most (never more than MAX_TAG_NAMES). */
  limit?: number;
}

export function tagScopes(reader: StoreReader, options: TagScopeOptions = {}): TagScopesResponse {
  const wanted = options.scope ? [options.scope] : TAG_SCOPES;
  const keys = new Map<TagScope, Set<string>>(wanted.map((scope) => [scope, new Set<string>()]));
  const add = (scope: TagScope, attributes: Attributes) => {
    const set = keys.get(scope);
    if (set) for (const key of Object.keys(attributes)) set.add(key);
  };
  const windowed = options.startNs !== undefined || options.endNs !== undefined;
  if (!windowed && keys.has('resource')) for (const key of reader.resourceKeys(RESOURCES_FOR_TAGS)) keys.get('resource')!.add(key);
  if (wanted.some((scope) => scope !== 'intrinsic' && (scope !== 'resource' || windowed))) {
    for (const trace of newestTraces(reader, options, TAG_VALUE_SPANS)) {
      for (const { span } of trace.spans) {
        if (windowed) add('resource', span.resource.attributes);
        add('span', span.attributes);
        for (const event of span.events) add('event', event.attributes);
        for (const link of span.links) add('link', link.attributes);
        add('instrumentation', span.scope.attributes);
      }
    }
  }
  for (const name of INTRINSIC_TAGS) keys.get('intrinsic')?.add(name);
  const limit = Math.min(options.limit ?? MAX_TAG_NAMES, MAX_TAG_NAMES);
  return {
    scopes: [...keys]
      .filter(([scope, tags]) => tags.size > 0 || scope === options.scope)
      .map(([name, tags]) => ({ name, tags: [...tags].sort().slice(0, limit) })),
  };
}
