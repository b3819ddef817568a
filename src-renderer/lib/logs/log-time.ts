/** A record's time in the logs table: to the millisecond, local time, with the date only when it is not today's. */
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function logTime(ms: number, nowMs: number): string {
  const at = new Date(ms);
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return at.toDateString() === new Date(nowMs).toDateString() ? clock : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${clock}`;
}
