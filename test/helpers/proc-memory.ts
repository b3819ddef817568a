/** A process's memory from /proc (Linux): resident now (VmRSS) or its peak so far (VmHWM), in MB. */
import { readFileSync } from 'node:fs';

export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}
