/**
 * One Monitor table's data: its four queries (rate, errors, quantiles per step, quantiles of the whole window)
 * asked together. A first load shows the rows as soon as the rates answer and fills the other figures as theirs
 * arrive; a refresh keeps the rows shown until every answer is in, then swaps them.
 */
import { ApiError, api } from '../api';
import { monitorQueries, type MonitorWindow } from './monitor-range';
import { monitorRows, type MonitorAnswers, type MonitorRow } from './monitor-rows';

export class MonitorTableData {
  answers = $state.raw<MonitorAnswers | undefined>();
  window = $state.raw<MonitorWindow | undefined>();
  /** The first query that failed; with `answers` too when the rates answered (the rest show as unknown). */
  error = $state.raw<{ message: string; retryable: boolean } | undefined>();
  /** Some of the answers are still on their way. */
  busy = $state(false);
  private service = '';
  private loads = 0;

  readonly rows: MonitorRow[] = $derived(this.answers && this.window ? monitorRows(this.answers, this.window, monitorQueries(this.service).rowLabels) : []);

  /** `service` '' for every service, else that service's operations. */
  async load(service: string, window: MonitorWindow, progressive: boolean): Promise<void> {
    const mine = ++this.loads;
    const queries = monitorQueries(service);
    const whole = { ...window, stepMs: window.endMs - window.startMs };
    const parts: Partial<MonitorAnswers> = {};
    if (progressive) [this.answers, this.window, this.error, this.service] = [undefined, window, undefined, service];
    this.busy = true;
    const ask = async (part: keyof MonitorAnswers, query: string, range: MonitorWindow) => {
      parts[part] = await api.metrics(query, range);
      if (progressive && mine === this.loads && parts.rate) this.answers = { ...parts, rate: parts.rate };
    };
    try {
      await Promise.all([ask('rate', queries.rate, window), ask('errors', queries.errors, window), ask('wholeQuantiles', queries.quantiles, whole), ask('quantiles', queries.quantiles, window)]);
      if (mine === this.loads) [this.answers, this.window, this.error, this.service] = [parts as MonitorAnswers, window, undefined, service];
    } catch (e) {
      if (mine !== this.loads) return;
      this.error = { message: (e as Error).message, retryable: !(e instanceof ApiError) || e.retryable };
      // The rows stay when the rates answered: the figures that failed show as unknown.
      if (parts.rate) [this.answers, this.window, this.service] = [{ ...parts, rate: parts.rate }, window, service];
    } finally {
      if (mine === this.loads) this.busy = false;
    }
  }

  /** Forgets what was shown (no service chosen any more); an answer on its way is dropped. */
  clear(): void {
    this.loads++;
    [this.answers, this.error, this.busy] = [undefined, undefined, false];
  }
}
