/**
 * "Slower than usual" in words and colour steps: a span's mark beside its operation's calls in a baseline (the run
 * before, or the hour before the trace), as "p97 of 1,204 calls · 3.1× the median", and the step of the sequential
 * scale its bar takes when the waterfall is coloured by how unusual each span is. Pure.
 */
import type { BaselineMark, SpanBaseline } from '../api-shapes';
import { plural } from '../plural';

/** The steps of the colour scale, each from its percentile on (`--unusual-N` in tokens.css). */
export const UNUSUAL_STEPS = [
  { step: 0, from: 0, label: 'under p75' },
  { step: 1, from: 75, label: 'p75+' },
  { step: 2, from: 95, label: 'p95+' },
  { step: 3, from: 99, label: 'p99+' },
] as const;

export type UnusualStep = (typeof UNUSUAL_STEPS)[number]['step'];

/** The step of a percentile (0–100): calm under p75, strong from p95 on. */
export function unusualStep(percentile: number): UnusualStep {
  for (let i = UNUSUAL_STEPS.length - 1; i > 0; i--) if (percentile >= UNUSUAL_STEPS[i].from) return UNUSUAL_STEPS[i].step;
  return 0;
}

/** The design token a span's bar takes when coloured by how unusual it is: --error when it failed, --unusual-none without a mark. */
export function unusualToken(mark: BaselineMark | undefined, failed: boolean): string {
  return failed ? '--error' : mark ? `--unusual-${unusualStep(mark.percentile)}` : '--unusual-none';
}

/** From p95 on a span is "unusual": the detail emphasises it (calmly: red is for errors). */
export const isUnusual = (mark: BaselineMark): boolean => mark.percentile >= 95;

/** "p97 of 1,204 calls": the percentile cut to a whole number (p99.7 is p99, never p100 unless every call was faster). */
export function percentileText(mark: BaselineMark): string {
  const calls = plural(mark.operation.calls, 'call');
  if (mark.percentile >= 100) return `slower than all ${calls}`;
  if (mark.percentile <= 0) return `faster than all ${calls}`;
  return `p${Math.floor(mark.percentile)} of ${calls}`;
}

/** "3.1× the median", "0.62× the median", "14× the median"; empty when the median was 0. */
export function ratioText(ratio: number): string {
  if (!(ratio > 0)) return '';
  const shown = ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : String(Number(ratio.toPrecision(2)));
  return `${shown}× the median`;
}

/** "p97 of 1,204 calls · 3.1× the median". */
export function markSentence(mark: BaselineMark): string {
  return [percentileText(mark), ratioText(mark.medianRatio)].filter(Boolean).join(' · ');
}

/** What the spans were compared with: "the run before: service.version=1.0", "the hour before the trace". */
export function baselineName(baseline: Pick<SpanBaseline, 'against' | 'run'>): string {
  if (baseline.against === 'previous-run') return baseline.run ? `the run before: ${baseline.run.origin}=${baseline.run.label}` : 'the run before';
  return 'the hour before the trace';
}

/** The tooltip: what the figures mean. */
export function markExplanation(mark: BaselineMark, baseline: Pick<SpanBaseline, 'against' | 'run'>): string {
  const op = mark.operation;
  const share = Math.min(100, Math.max(0, mark.percentile));
  return (
    `${share.toLocaleString('en-US', { maximumFractionDigits: 1 })}% of the ${plural(op.calls, 'call')} of ${op.service} ${op.name} in ${baselineName(baseline)} were faster than this span` +
    (mark.medianRatio > 0 ? `, and it took ${Number(mark.medianRatio.toPrecision(3))} times their median.` : '.')
  );
}

/** Why a span has no mark: "no baseline (fewer than 20 calls in the hour before the trace)". */
export function noMarkText(baseline: Pick<SpanBaseline, 'against' | 'run' | 'minCalls'>): string {
  return `no baseline (fewer than ${baseline.minCalls} calls in ${baselineName(baseline)})`;
}

/** The server's sentence for a baseline it cannot give, on the trace's own page: "This trace is …", the API's parameter named as the toolbar names it. */
export function baselineErrorText(message: string): string {
  return message.replace(/^trace [0-9a-f]+ /, 'This trace ').replace('compare with against=last-hour', 'compare with the hour before');
}
