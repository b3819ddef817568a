/** The client for a remote source's kind. */
import type { RemoteBackend } from './remote-backend';
import type { RemoteEndpoint } from './remote-fetch';
import { JaegerBackend } from './jaeger-backend';
import { TempoBackend } from './tempo-backend';
import { ZipkinBackend } from './zipkin-backend';

export function backendFor(endpoint: RemoteEndpoint): RemoteBackend {
  if (endpoint.kind === 'tempo') return new TempoBackend(endpoint);
  if (endpoint.kind === 'jaeger') return new JaegerBackend(endpoint);
  return new ZipkinBackend(endpoint);
}
