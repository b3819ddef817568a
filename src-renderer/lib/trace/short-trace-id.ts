/**
 * A trace id short enough for a header: its first 8 hex digits, after the 16 zeros a 64-bit id (Zipkin, old
 * Jaeger) is padded with to 32 digits, so those ids are not all "00000000".
 */
export function shortTraceId(traceId: string): string {
  const significant = traceId.length === 32 && traceId.startsWith('0'.repeat(16)) ? traceId.slice(16) : traceId;
  return significant.slice(0, 8);
}
