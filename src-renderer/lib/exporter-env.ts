/**
 * What to paste into a service so its OpenTelemetry SDK sends traces here: the environment variables, in the
 * form of the place they go, and per language the packages, the command or the code, and the SDK's quirk. Pure.
 */
export type Protocol = 'http/protobuf' | 'grpc';
/** `shell`: POSIX `export`; `powershell`: `$env:`; `dotenv`: a .env file, docker `--env-file`, systemd. */
export type EnvFormat = 'shell' | 'powershell' | 'dotenv';
export type LanguageId = 'node' | 'python' | 'java' | 'go' | 'dotnet';

export interface ReceiverAddresses {
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (SDKs append /v1/traces). */
  otlpHttp: string;
  /** OTLP/gRPC as a URL, e.g. http://127.0.0.1:4317 (http: no TLS). */
  otlpGrpc: string;
}

export interface SetupStep {
  label: string;
  code: string;
}

export interface ExporterLanguage {
  id: LanguageId;
  label: string;
  /** The protocol the SDK uses when none is set; undefined when the code chooses it (Go). */
  defaultProtocol: Protocol | undefined;
  /** Whether the SDK reads OTEL_EXPORTER_OTLP_PROTOCOL. */
  readsProtocol: boolean;
  steps: (protocol: Protocol) => SetupStep[];
  note: (protocol: Protocol) => string;
}

export const LANGUAGES: readonly ExporterLanguage[] = [
  {
    id: 'node',
    label: 'Node.js',
    defaultProtocol: 'http/protobuf',
    readsProtocol: true,
    steps: () => [
      { label: 'Install', code: 'npm install @opentelemetry/api @opentelemetry/auto-instrumentations-node' },
      { label: 'Run', code: 'node --require @opentelemetry/auto-instrumentations-node/register app.js' },
    ],
    note: () => 'The Node SDK sends http/protobuf by default and appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used exactly as written).',
  },
  {
    id: 'python',
    label: 'Python',
    defaultProtocol: 'grpc',
    readsProtocol: true,
    steps: (protocol) => [
      { label: 'Install', code: `pip install opentelemetry-distro opentelemetry-exporter-otlp-proto-${protocol === 'grpc' ? 'grpc' : 'http'}\nopentelemetry-bootstrap -a install` },
      { label: 'Run', code: 'opentelemetry-instrument python app.py' },
    ],
    note: (protocol) =>
      protocol === 'grpc'
        ? 'Python sends grpc by default, through opentelemetry-exporter-otlp-proto-grpc (it needs the grpcio wheel).'
        : 'Python sends grpc by default: set http/protobuf and install opentelemetry-exporter-otlp-proto-http, the exporter that protocol needs (opentelemetry-exporter-otlp brings both, with grpcio).',
  },
  {
    id: 'java',
    label: 'Java',
    defaultProtocol: 'http/protobuf',
    readsProtocol: true,
    steps: () => [
      { label: 'Download', code: 'curl -LO https://github.com/open-telemetry/opentelemetry-java-instrumentation/releases/latest/download/opentelemetry-javaagent.jar' },
      { label: 'Run', code: 'java -javaagent:opentelemetry-javaagent.jar -jar app.jar' },
    ],
    note: () => 'The Java agent sends http/protobuf since 2.0; agents before 2.0 sent grpc to port 4317, so name the protocol to be sure.',
  },
  {
    id: 'go',
    label: 'Go',
    defaultProtocol: undefined,
    readsProtocol: false,
    steps: (protocol) => {
      const pkg = protocol === 'grpc' ? 'otlptracegrpc' : 'otlptracehttp';
      return [
        { label: 'Install', code: `go get go.opentelemetry.io/otel/sdk go.opentelemetry.io/otel/exporters/otlp/otlptrace/${pkg}` },
        {
          label: 'Code (at start-up)',
          code: [
            `exporter, err := ${pkg}.New(ctx) // reads OTEL_EXPORTER_OTLP_ENDPOINT`,
            'if err != nil {',
            '\tlog.Fatal(err)',
            '}',
            'provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter)) // reads OTEL_SERVICE_NAME',
            'defer provider.Shutdown(ctx)',
            'otel.SetTracerProvider(provider)',
          ].join('\n'),
        },
      ];
    },
    note: (protocol) =>
      `Go has no agent and no set-up by environment alone: construct the exporter in code. The package decides the protocol (${protocol === 'grpc' ? 'otlptracegrpc' : 'otlptracehttp'} here), so OTEL_EXPORTER_OTLP_PROTOCOL is not read (go.opentelemetry.io/contrib/exporters/autoexport reads it, if you use that instead).`,
  },
  {
    id: 'dotnet',
    label: '.NET',
    defaultProtocol: 'grpc',
    readsProtocol: true,
    steps: () => [
      { label: 'Install', code: 'dotnet add package OpenTelemetry.Extensions.Hosting\ndotnet add package OpenTelemetry.Instrumentation.AspNetCore\ndotnet add package OpenTelemetry.Exporter.OpenTelemetryProtocol' },
      { label: 'Code (Program.cs)', code: 'builder.Services.AddOpenTelemetry()\n    .WithTracing(tracing => tracing\n        .AddAspNetCoreInstrumentation()\n        .AddOtlpExporter()); // reads the variables above' },
    ],
    note: () => 'AddOtlpExporter() sends grpc to port 4317 by default; the zero-code .NET Automatic Instrumentation sends http/protobuf. Naming the protocol makes both send to the same place.',
  },
];

export function language(id: LanguageId): ExporterLanguage {
  return LANGUAGES.find((l) => l.id === id)!;
}

/** The variables for this language and protocol, in order, as [name, value]. */
export function exporterVariables(lang: ExporterLanguage, protocol: Protocol, addresses: ReceiverAddresses, serviceName: string): [string, string][] {
  const variables: [string, string][] = [['OTEL_EXPORTER_OTLP_ENDPOINT', protocol === 'grpc' ? addresses.otlpGrpc : addresses.otlpHttp]];
  if (lang.readsProtocol) variables.push(['OTEL_EXPORTER_OTLP_PROTOCOL', protocol]);
  variables.push(['OTEL_SERVICE_NAME', serviceName.trim() || 'my-service']);
  return variables;
}

/** The variables as text to paste in `format`; values are quoted where the format needs it. */
export function formatVariables(variables: readonly [string, string][], format: EnvFormat): string {
  const line = ([name, value]: [string, string]) => {
    if (format === 'powershell') return `$env:${name} = '${value.replaceAll("'", "''")}'`;
    if (format === 'dotenv') return `${name}=${/^[\w./:@-]*$/.test(value) ? value : JSON.stringify(value)}`;
    return `export ${name}=${/^[\w./:@-]*$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`}`;
  };
  return variables.map(line).join('\n');
}
