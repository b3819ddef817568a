/** The id a shared Zipkin span's server half gets in the model, so the Zipkin writer can give it back its original id. */

export interface ZipkinEndpoint {
  serviceName: string;
  ipv4: string;
  ipv6: string;
  port: number;
}

export const endpointKey = (e: ZipkinEndpoint | undefined): string => (e ? `${e.serviceName}|${e.ipv4}|${e.ipv6}|${e.port}` : '');

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** FNV-1a (64-bit) of the client half's id and the server's endpoint: stable across batches and never all zeros. */
export function sharedSpanId(clientSpanId: string, serverEndpointKey: string): string {
  let hash = FNV_OFFSET;
  for (const ch of `${clientSpanId}/${serverEndpointKey}`) {
    hash ^= BigInt(ch.codePointAt(0)!);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return (hash === 0n ? 1n : hash).toString(16).padStart(16, '0');
}
