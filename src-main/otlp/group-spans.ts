import type { Resource, Scope, Span } from '../model/span';

/** Spans grouped as OTLP nests them: by their shared resource object, then by their shared scope object. */
export function groupByResourceAndScope(spans: Span[]): Map<Resource, Map<Scope, Span[]>> {
  const byResource = new Map<Resource, Map<Scope, Span[]>>();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (!scopes) byResource.set(span.resource, (scopes = new Map()));
    let list = scopes.get(span.scope);
    if (!list) scopes.set(span.scope, (list = []));
    list.push(span);
  }
  return byResource;
}
