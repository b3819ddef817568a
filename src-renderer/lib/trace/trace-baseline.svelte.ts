/**
 * A trace's "slower than usual" marks (GET /api/traces/ID/baseline), asked for only when something shows them (the
 * waterfall coloured by them, or a span detail) and never before the waterfall: the page calls `want()` then, and
 * the answer (~50 ms on a 10,000-span trace) arrives beside the rows, never ahead of them. One request per choice of
 * baseline; `stale()` after the trace grew, so the next `want()` asks again.
 */
import type { BaselineAgainst } from '../../../src-main/model/api';
import type { SpanBaseline } from '../api-shapes';
import { baselineErrorText } from './baseline-marks';

export class TraceBaseline {
  /** The last answer; kept while another choice loads, so the bars do not flicker back to grey. */
  value = $state.raw<SpanBaseline | undefined>();
  error = $state('');
  /** The baseline chosen; undefined: the server's choice (the run before when there is one, else the hour before). */
  against = $state<BaselineAgainst | undefined>();
  /** Changes when the marks should be asked for again (read by the effect that calls `want`). */
  version = $state(0);
  /** The choice of the request sent for this version; undefined: none sent. */
  #asked: string | undefined;

  constructor(
    private readonly traceId: string,
    private readonly fetchBaseline: (traceId: string, against?: BaselineAgainst) => Promise<SpanBaseline>,
  ) {}

  /** Asks for the marks unless they were asked for already with this choice. */
  want(): void {
    const key = this.against ?? '';
    if (this.#asked === key) return;
    this.#asked = key;
    this.fetchBaseline(this.traceId, this.against).then(
      (baseline) => this.#asked === key && ((this.value = baseline), (this.error = '')),
      // Nothing shown rather than the marks of another baseline than the one chosen.
      (e: Error) => this.#asked === key && ((this.value = undefined), (this.error = baselineErrorText(e.message))),
    );
  }

  choose(against: BaselineAgainst): void {
    if (against === (this.against ?? this.value?.against)) return;
    this.against = against;
    this.want();
  }

  /** The trace changed: the next `want()` asks again. */
  stale(): void {
    this.#asked = undefined;
    this.version++;
  }
}
