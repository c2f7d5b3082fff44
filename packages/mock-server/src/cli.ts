// `daji-mock`: the mock Daji on the command line (and `daji-mock push …` for sample push messages).
import { parseArgs } from 'node:util';
import { serveUntilStopped } from './serve-until-stopped.js';
import type { LogLevel } from './start-mock-server.js';

const USAGE = `Usage: daji-mock [options]
       daji-mock --sandbox [--catalogue FILE] [--state FILE] [options]
       daji-mock sandbox orders|ship|advance|ledger|fault|reset --help
       daji-mock push --help
       daji-mock proxy --help

A local Daji: every operation of the Daji spec answered with the spec's examples, requests that break the
contract rejected with 400 (as Daji does), and signatures checked like the real service when --app-key/--app-secret are set.
With --sandbox it is a stateful Daji instead: orders, a money ledger, a clock, faults and pushes per app key,
steered with \`daji-mock sandbox …\` or the control API under /__sandbox/.

  --port N            port to listen on (0 = any free port)               default 4010
  --host HOST         interface to bind                                   default 127.0.0.1
  --app-key KEY       check signatures: the only appKey accepted
  --app-secret SECRET check signatures: the secret requests are signed with (or set DAJI_APP_SECRET)
  --dynamic           data generated from the schemas instead of the examples (successes: code 200)
  --seed SEED         make --dynamic data reproducible (same request + seed = same body)
  --spec FILE         OpenAPI document to serve                           default the bundled Daji spec
  --sandbox           stateful sandbox instead of the spec's examples
  --catalogue FILE    sandbox products from a JSON file { "products": [...] } (see the sandbox guide)
  --state FILE        keep the sandbox state in FILE: restored on start, saved after every change
  --log-level LEVEL   Prism's own log on stderr: silent|error|warn|info|debug   default silent
  --quiet             do not print a line per request
  --help              show this help

Without --app-key and --app-secret no signature is checked. Stop with Ctrl-C.`;

const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'];

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'push') {
    const { runPush } = await import('./push.js');
    return runPush(argv.slice(1));
  }
  if (argv[0] === 'proxy') {
    const { runProxy } = await import('./proxy/cli.js');
    return runProxy(argv.slice(1));
  }
  if (argv[0] === 'sandbox') {
    const { runSandboxCommand } = await import('./sandbox/cli.js');
    return runSandboxCommand(argv.slice(1));
  }

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

  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return usageError(`--port must be an integer from 0 to 65535, got '${values.port}'.`);
  }
  const appKey = values['app-key'];
  // The secret may come from the environment, under the name the client and the CLI read too; the
  // check itself is only ever switched on by --app-key.
  const appSecret = values['app-secret'] ?? (appKey === undefined ? undefined : process.env.DAJI_APP_SECRET);
  if ((appKey === undefined) !== (appSecret === undefined)) {
    return usageError(
      appKey === undefined
        ? '--app-secret needs --app-key: give both to check signatures, or neither.'
        : '--app-key needs --app-secret (or DAJI_APP_SECRET): give both to check signatures, or neither.',
    );
  }
  const logLevel = values['log-level'] ?? 'silent';
  if (!LOG_LEVELS.includes(logLevel)) {
    return usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'.`);
  }
  if (!values.sandbox && (values.catalogue !== undefined || values.state !== undefined)) {
    return usageError(`--${values.catalogue !== undefined ? 'catalogue' : 'state'} needs --sandbox.`);
  }
  if (values.sandbox && values.dynamic) {
    return usageError(
      '--dynamic generates example data; the sandbox answers from its own state. Use one of them.',
    );
  }
  if (values.seed !== undefined && !values.dynamic) {
    console.error('daji-mock: --seed only changes --dynamic data; serving the spec examples.');
  }

  return serveUntilStopped(
    'daji-mock',
    async () => {
      const { startMockServer } = await import('./start-mock-server.js');
      return startMockServer({
        port,
        host: values.host ?? '127.0.0.1',
        spec: values.spec,
        dynamic: values.dynamic ?? false,
        seed: values.seed,
        ...(values.sandbox && {
          mode: 'sandbox' as const,
          sandbox: {
            ...(values.catalogue !== undefined && { catalogue: values.catalogue }),
            ...(values.state !== undefined && { stateFile: values.state }),
          },
        }),
        verifySignature: appKey && appSecret ? { appKey, appSecret } : false,
        logLevel: logLevel as LogLevel,
        onRequest: values.quiet
          ? undefined
          : (r) => {
              const line = `${r.method} ${r.path} ${r.status} ${r.durationMs.toFixed(1)}ms`;
              process.stdout.write(r.reason ? `${line}  ${r.reason}\n` : `${line}\n`);
            },
      });
    },
    (mock) => {
      const checks = appKey ? `signature checks on for appKey ${appKey}` : 'signature checks off';
      const data = values.sandbox
        ? `sandbox${values.state === undefined ? ', state in memory' : `, state in ${values.state}`}; control API at ${mock.url}/__sandbox/`
        : values.dynamic
          ? `dynamic data${values.seed === undefined ? '' : ` (seed ${values.seed})`}`
          : 'spec examples';
      return `daji-mock listening on ${mock.url} (${checks}; ${data})`;
    },
  );
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'app-key': { type: 'string' },
      'app-secret': { type: 'string' },
      dynamic: { type: 'boolean' },
      seed: { type: 'string' },
      spec: { type: 'string' },
      sandbox: { type: 'boolean' },
      catalogue: { type: 'string' },
      state: { type: 'string' },
      'log-level': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function usageError(reason: string): number {
  console.error(`daji-mock: ${reason}\n\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
