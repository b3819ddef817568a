/** Whether `--forward` names this server's own receiver: every export would come back and be sent again, forever. Pure. */
import type { ForwardTarget } from './forward-target';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0|::)$/i;

/**
 * `host` is --host, `ports` the receivers' bound ports, `localAddresses` this machine's addresses (a wildcard
 * --host listens on each). Answers the sentence to stop at, or undefined.
 */
export function selfForwardError(target: Omit<ForwardTarget, 'headers'>, host: string, ports: { otlpHttp: number; otlpGrpc: number }, localAddresses: string[]): string | undefined {
  const port = target.protocol === 'grpc' ? ports.otlpGrpc : ports.otlpHttp;
  if (target.port !== port) return undefined;
  const name = target.hostname.toLowerCase();
  const wildcard = host === '0.0.0.0' || host === '::';
  const local = LOOPBACK.test(name) || name === host.toLowerCase() || (wildcard && localAddresses.includes(name));
  if (!local) return undefined;
  const receiver = target.protocol === 'grpc' ? 'OTLP/gRPC receiver (--otlp-grpc-port)' : 'OTLP/HTTP receiver (--otlp-http-port)';
  return `--forward ${target.url} points to this server's own ${receiver}: every span would be sent back to itself; forward to another server`;
}
