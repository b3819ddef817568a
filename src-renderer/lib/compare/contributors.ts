/** The top contributors as the summary draws them: a signed change and a bar scaled to the largest. Pure. */
export interface Contribution {
  service: string;
  name: string;
  /** B minus A, nanoseconds of self time (or of median self time, for groups). */
  deltaNs: number;
  /** How the number of calls changed, or ''. */
  calls: string;
}

export interface ContributionBar extends Contribution {
  /** Share of the largest change, 0 to 100. */
  widthPct: number;
  direction: 'slower' | 'faster';
}

export function contributionBars(contributions: readonly Contribution[]): ContributionBar[] {
  const largest = Math.max(0, ...contributions.map((c) => Math.abs(c.deltaNs)));
  return contributions.map((c) => ({ ...c, widthPct: largest === 0 ? 0 : (Math.abs(c.deltaNs) / largest) * 100, direction: c.deltaNs > 0 ? 'slower' : 'faster' }));
}
