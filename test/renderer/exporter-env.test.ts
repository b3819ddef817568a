import { describe, expect, it } from 'vitest';
import { LANGUAGES, exporterVariables, formatVariables, language } from '../../src-renderer/lib/exporter-env';

const addresses = { otlpHttp: 'http://127.0.0.1:4318', otlpGrpc: 'http://127.0.0.1:4317' };

describe('the variables a service needs to send here', () => {
  it('point http/protobuf at the OTLP/HTTP base URL (SDKs append /v1/traces) and grpc at the gRPC port', () => {
    expect(exporterVariables(language('node'), 'http/protobuf', addresses, 'checkout')).toEqual([
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf'],
      ['OTEL_SERVICE_NAME', 'checkout'],
    ]);
    expect(exporterVariables(language('python'), 'grpc', addresses, 'checkout')).toEqual([
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4317'],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc'],
      ['OTEL_SERVICE_NAME', 'checkout'],
    ]);
  });

  it('leave the protocol out for Go, whose exporter package decides it, and say which package to construct', () => {
    const go = language('go');
    expect(exporterVariables(go, 'http/protobuf', addresses, 'checkout').map(([name]) => name)).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME']);
    expect(go.steps('http/protobuf').map((s) => s.code).join('\n')).toContain('otlptracehttp.New(ctx)');
    expect(go.steps('grpc').map((s) => s.code).join('\n')).toContain('otlptracegrpc.New(ctx)');
    expect(go.note('grpc')).toMatch(/no set-up by environment alone/);
  });

  it('name a service when none is given', () => {
    expect(exporterVariables(language('java'), 'http/protobuf', addresses, '  ').at(-1)).toEqual(['OTEL_SERVICE_NAME', 'my-service']);
  });

  it('know each SDK\'s default protocol: the quirk the protocol line is there for', () => {
    expect(Object.fromEntries(LANGUAGES.map((l) => [l.id, l.defaultProtocol]))).toEqual({ node: 'http/protobuf', python: 'grpc', java: 'http/protobuf', go: undefined, dotnet: 'grpc' });
    expect(language('python').steps('http/protobuf')[0].code).toContain('opentelemetry-exporter-otlp-proto-http');
    expect(language('python').steps('grpc')[0].code).toContain('opentelemetry-exporter-otlp-proto-grpc');
    expect(language('java').note('http/protobuf')).toMatch(/since 2\.0/);
  });
});

describe('the variables as text to paste', () => {
  const variables: [string, string][] = [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'],
    ['OTEL_SERVICE_NAME', "bob's shop"],
  ];

  it('for a POSIX shell: export, quoting only what needs it', () => {
    expect(formatVariables(variables, 'shell')).toBe("export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318\nexport OTEL_SERVICE_NAME='bob'\\''s shop'");
  });

  it('for PowerShell: $env: with single quotes doubled', () => {
    expect(formatVariables(variables, 'powershell')).toBe("$env:OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:4318'\n$env:OTEL_SERVICE_NAME = 'bob''s shop'");
  });

  it('for a .env file: NAME=value, double quotes around spaces', () => {
    expect(formatVariables(variables, 'dotenv')).toBe('OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318\nOTEL_SERVICE_NAME="bob\'s shop"');
  });
});
