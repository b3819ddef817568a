import { describe, expect, it } from 'vitest';
import { parseForwardUrl } from '../../src-main/forward/forward-target';
import { selfForwardError } from '../../src-main/forward/self-forward';

const ports = { otlpHttp: 4318, otlpGrpc: 4317 };
const check = (url: string, host = '127.0.0.1', addresses: string[] = []) => selfForwardError(parseForwardUrl(url), host, ports, addresses);

describe('forwarding to this server itself', () => {
  it("is refused when the URL names this server's own receiver on a loopback or its own address", () => {
    expect(check('http://127.0.0.1:4318')).toBe("--forward http://127.0.0.1:4318 points to this server's own OTLP/HTTP receiver (--otlp-http-port): every span would be sent back to itself; forward to another server");
    expect(check('http://localhost:4318/')).toContain('OTLP/HTTP receiver');
    expect(check('grpc://[::1]:4317')).toContain('OTLP/gRPC receiver (--otlp-grpc-port)');
    expect(check('http://10.1.2.3:4318', '10.1.2.3')).toContain('own OTLP/HTTP receiver');
    expect(check('http://192.168.1.9:4318', '0.0.0.0', ['127.0.0.1', '192.168.1.9'])).toContain('own OTLP/HTTP receiver');
  });

  it('is allowed to another port, another protocol, or another machine', () => {
    expect(check('http://127.0.0.1:5318')).toBeUndefined();
    expect(check('grpc://127.0.0.1:4318')).toBeUndefined();
    expect(check('http://127.0.0.1:4317')).toBeUndefined();
    expect(check('http://collector:4318')).toBeUndefined();
    expect(check('http://192.168.1.9:4318', '127.0.0.1', ['192.168.1.9'])).toBeUndefined();
  });
});
