/**
 * Swapping A and B: `/compare/A/B` becomes `/compare/B/A`, and a group comparison's `a=` and `b=` trade places;
 * each side keeps its source (`aSource` ↔ `bSource`). Other parameters stay. Pure.
 */
const OTHER: Record<string, string> = { a: 'b', b: 'a', aSource: 'bSource', bSource: 'aSource' };

export function swapSides(params: URLSearchParams): URLSearchParams {
  const swapped = new URLSearchParams();
  for (const [key, value] of params) swapped.append(OTHER[key] ?? key, value);
  return swapped;
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function swappedCompareHref(a: string, b: string, params: URLSearchParams): string {
  return withQuery(`/compare/${encodeURIComponent(b)}/${encodeURIComponent(a)}`, swapSides(params));
}

export function swappedGroupsHref(params: URLSearchParams): string {
  return withQuery('/compare-groups', swapSides(params));
}
