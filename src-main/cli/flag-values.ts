/** Flag values read and shown: ports, counts, sizes (2GB), durations (7d). Each error names the flag and the value. */
import { UsageError } from './flag-table';

export function parsePort(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`${flag} "${text}" is not a port (0 to 65535)`);
  return port;
}

export function parseToken(text: string): string {
  if (text === '') throw new UsageError('--token cannot be empty');
  return text;
}

export function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} "${text}" is not a count; use a whole number of at least 1`);
  return Number(text);
}

export function parseLength(text: string, flag: string): number {
  const bytes = parseSize(text, flag);
  if (bytes < 1) throw new UsageError(`${flag} "${text}" is too small; use at least 1 byte, e.g. 64KB`);
  return bytes;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?b?)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2].toLowerCase().replace(/^([kmgt])$/, '$1b')] : undefined;
  if (!match || unit === undefined) throw new UsageError(`${flag} "${text}" is not a size; use bytes or a number with KB, MB, GB`);
  return Math.floor(Number(match[1]) * unit);
}

/** 2147483648 → "2GB": the largest unit that divides it. */
export function formatSize(bytes: number): string {
  const [unit, size] = Object.entries(SIZE_UNITS).filter(([u, s]) => u.length === 2 && bytes >= s && bytes % s === 0).pop() ?? ['', 1];
  return `${bytes / size}${unit.toUpperCase()}`;
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseRetention(text: string, flag: string): number {
  if (text === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} "${text}" is not a duration; use 30m, 12h, 7d or 0 to keep everything`);
  return Math.floor(Number(match[1]) * DURATION_UNITS[match[2]]);
}

/** 604800000 → "7d": the largest of s, m, h, d that divides it. */
export function formatRetention(ms: number): string {
  const [unit, size] = Object.entries(DURATION_UNITS).filter(([u, s]) => u !== 'w' && ms >= s && ms % s === 0).pop() ?? ['ms', 1];
  return ms === 0 ? '0' : `${ms / size}${unit}`;
}
