import type { Resource, Scope } from '../model/span';

/** Spans (or log records) grouped as OTLP nests them: by their shared resource object, then by their shared scope object. */
export function groupByResourceAndScope<T extends { resource: Resource; scope: Scope }>(items: T[]): Map<Resource, Map<Scope, T[]>> {
  const byResource = new Map<Resource, Map<Scope, T[]>>();
  for (const item of items) {
    let scopes = byResource.get(item.resource);
    if (!scopes) byResource.set(item.resource, (scopes = new Map()));
    let list = scopes.get(item.scope);
    if (!list) scopes.set(item.scope, (list = []));
    list.push(item);
  }
  return byResource;
}
