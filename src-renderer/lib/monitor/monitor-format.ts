/** The Monitor's figures in words: rates, error shares and durations as the tables show them. */
import { formatNanos } from '../trace/time-ticks';

/** Requests a second to three significant digits: `12.5`, `0.0361`; `0` for none; `–` for not known. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return '–';
  if (perSecond === 0) return '0';
  return perSecond >= 1000 ? Math.round(perSecond).toLocaleString('en-US') : String(Number(perSecond.toPrecision(3)));
}

/** A share of requests: `0%`, `21.4%`, `<0.1%` (some, but under a tenth of a percent), `100%`. */
export function formatPercent(percent: number | null): string {
  if (percent === null) return '–';
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  return `${Number(percent.toFixed(1))}%`;
}

/** A duration measured in seconds (as metrics give them): `12.5ms`, `1.5s`. */
export function formatSeconds(seconds: number | null): string {
  return seconds === null ? '–' : formatNanos(Math.round(seconds * 1e9));
}
