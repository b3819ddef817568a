/** The backends a remote source can be, as POST /api/sources/remote names them, and how a sentence names them. */
import type { RemoteKind } from '../model/api';

export const REMOTE_KINDS: readonly RemoteKind[] = ['tempo', 'jaeger', 'zipkin'];

export const REMOTE_KIND_NAMES: Record<RemoteKind, string> = { tempo: 'Tempo', jaeger: 'Jaeger', zipkin: 'Zipkin' };

export function isRemoteKind(value: unknown): value is RemoteKind {
  return typeof value === 'string' && (REMOTE_KINDS as readonly string[]).includes(value);
}
