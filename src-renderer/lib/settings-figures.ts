/** The core's configuration (GET /api/config) in words for the settings page: sizes, durations, limits. Pure. */
import type { ApiConfig } from '../../src-main/model/api';

const SIZE_UNITS: [number, string][] = [
  [1024 ** 4, 'TB'],
  [1024 ** 3, 'GB'],
  [1024 ** 2, 'MB'],
  [1024, 'KB'],
];

/** Binary units, as the flags read them (`--max-db-size 2GB` is 2 × 1024³ bytes): "2 GB", "12.4 MB", "512 bytes". */
export function formatBytes(bytes: number): string {
  for (const [size, unit] of SIZE_UNITS) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

const DURATION_UNITS: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** "7 days", "36 hours", "90 seconds": the largest unit that divides it, so nothing is rounded away. */
export function formatDuration(ms: number): string {
  const [size, unit] = DURATION_UNITS.find(([s]) => ms >= s && ms % s === 0) ?? [1, 'millisecond'];
  const n = ms / size;
  return `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;
}

export interface SettingRow {
  label: string;
  value: string;
  /** The `spanscope serve` flag that sets it. */
  flag: string;
}

export function storageRows(database: ApiConfig['database']): SettingRow[] {
  return [
    { label: 'Keep traces for', value: database.retentionMs === 0 ? 'until the size limit' : formatDuration(database.retentionMs), flag: '--retention' },
    { label: 'Database size limit', value: database.maxBytes === 0 ? 'none' : `${formatBytes(database.maxBytes)}; the oldest traces go first above it`, flag: '--max-db-size' },
  ];
}

export function limitRows(limits: ApiConfig['limits']): SettingRow[] {
  const count = (n: number) => n.toLocaleString('en-US');
  return [
    { label: 'Spans per trace', value: count(limits.maxSpansPerTrace), flag: '--max-spans-per-trace' },
    { label: 'Attributes per span', value: count(limits.maxAttributes), flag: '--max-attributes' },
    { label: 'Attribute value length', value: formatBytes(limits.maxAttributeLengthBytes), flag: '--max-attribute-length' },
    { label: 'Entries per array or map value', value: count(limits.maxValueEntries), flag: '--max-value-entries' },
    { label: 'Request body', value: formatBytes(limits.maxBodyBytes), flag: '--max-body-size' },
    { label: 'Requests in progress, all together', value: formatBytes(limits.maxInflightBytes), flag: '--max-inflight-bytes' },
    { label: 'A silent request body is cut after', value: formatDuration(limits.bodyTimeoutMs), flag: '--body-timeout' },
    { label: 'Files open at once', value: count(limits.maxOpenSources), flag: '--max-open-sources' },
    { label: 'Live event streams', value: count(limits.maxEventClients), flag: '--max-event-clients' },
  ];
}
