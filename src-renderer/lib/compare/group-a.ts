/** The group a comparison of groups starts from: the results of an earlier search, kept for the browser tab. */
const KEY = 'spanscope.groupA';

export interface RememberedGroup {
  traceIds: string[];
  source: string;
  /** The search it came from, to say what group A is. */
  label: string;
}

export function rememberGroupA(group: RememberedGroup): void {
  sessionStorage.setItem(KEY, JSON.stringify(group));
}

export function groupA(): RememberedGroup | undefined {
  try {
    const stored = sessionStorage.getItem(KEY);
    return stored ? (JSON.parse(stored) as RememberedGroup) : undefined;
  } catch {
    return undefined;
  }
}

/** The address of the group comparison; `focus`: the operation its rows open at (a run comparison's row). */
export function groupCompareHref(a: RememberedGroup, bIds: string[], bSource: string, focus?: { service: string; name: string }): string {
  const at = focus ? `&focusService=${encodeURIComponent(focus.service)}&focusName=${encodeURIComponent(focus.name)}` : '';
  return `/compare-groups?${[...a.traceIds.map((id) => `a=${id}`), ...bIds.map((id) => `b=${id}`)].join('&')}&aSource=${encodeURIComponent(a.source)}&bSource=${encodeURIComponent(bSource)}${at}`;
}
