/** CORS for receivers: browser SDKs post spans from any page the developer runs. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function setReceiverCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Content-Type, Content-Encoding');
  res.setHeader('Access-Control-Max-Age', '86400');
}
