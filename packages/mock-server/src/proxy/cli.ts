// `daji-mock proxy`: forward to the real Daji, check every call against the spec, report the drift.
import { parseArgs } from 'node:util';
import { serveUntilStopped } from '../serve-until-stopped.js';

const USAGE = `Usage: daji-mock proxy --upstream URL [options]

Forwards every request unchanged to the real Daji and returns its answers byte for byte, while checking
each request and answer against the Daji spec. Point your client's baseUrl at the proxy and use it as
usual: you sign with your own credentials; the proxy never needs your secret and never stores a key or
signature. On Ctrl-C it writes the report and prints a summary.

  --upstream URL      the real Daji, e.g. https://openapi.dajisaas.com       required
  --port N            port to listen on (0 = any free port)                  default 4010
  --host HOST         interface to bind                                      default 127.0.0.1
  --report FILE       write the drift report here every 10 s and on exit
  --record DIR        save each call as a JSON file, personal data masked
  --record-max N      at most N recordings per operation                     default 100
  --timeout-ms N      upstream must answer within N ms, else 504             default 30000
  --spec FILE         bundled OpenAPI JSON to check against                  default the bundled Daji spec
  --quiet             do not print a line per call
  --help              show this help

The live report is at GET /__drift on the proxy.`;

export async function runProxy(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const upstream = values.upstream;
  if (!upstream) return usageError('--upstream is required, e.g. --upstream https://openapi.dajisaas.com');
  const numbers: Record<string, number | undefined> = {};
  for (const name of ['port', 'record-max', 'timeout-ms'] as const) {
    const raw = values[name];
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw)) return usageError(`--${name} must be a whole number, got '${raw}'.`);
    numbers[name] = Number(raw);
  }
  if (values['record-max'] !== undefined && !values.record) {
    console.error('daji-mock proxy: --record-max only limits --record; nothing is recorded.');
  }

  return serveUntilStopped(
    'daji-mock proxy',
    async () => {
      const { startConformanceProxy } = await import('./start-conformance-proxy.js');
      return startConformanceProxy({
        upstream,
        port: numbers.port ?? 4010,
        host: values.host ?? '127.0.0.1',
        spec: values.spec,
        report: values.report,
        record: values.record,
        recordMax: numbers['record-max'],
        timeoutMs: numbers['timeout-ms'],
        onExchange: values.quiet
          ? undefined
          : (e) => {
              const op = e.operationId ?? 'not in the spec';
              const outcome = e.upstreamError
                ? e.upstreamError
                : e.valid === undefined
                  ? 'not checked'
                  : e.deviations === 0
                    ? 'conforms'
                    : `${e.deviations} deviation${e.deviations === 1 ? '' : 's'}, answer ${e.valid ? 'valid' : 'invalid'}`;
              process.stdout.write(
                `${e.method} ${e.path} ${e.status} ${e.durationMs.toFixed(1)}ms ${op}: ${outcome}\n`,
              );
            },
      });
    },
    (proxy) => {
      const where = [
        values.report && `report → ${values.report}`,
        values.record && `recordings → ${values.record}`,
      ]
        .filter(Boolean)
        .join(', ');
      return `daji-mock proxy listening on ${proxy.url}, forwarding to ${new URL(upstream).origin}${where ? ` (${where})` : ''}; live report at ${proxy.url}/__drift`;
    },
    (proxy) => {
      console.log(proxy.summary());
      if (values.report) console.log(`Report written to ${values.report}.`);
    },
  );
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      upstream: { type: 'string' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      report: { type: 'string' },
      record: { type: 'string' },
      'record-max': { type: 'string' },
      'timeout-ms': { type: 'string' },
      spec: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function usageError(reason: string): number {
  console.error(`daji-mock proxy: ${reason}\n\n${USAGE}`);
  return 2;
}
