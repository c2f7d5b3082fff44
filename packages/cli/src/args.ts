import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command that talks to Daji accepts. */
export const CONNECTION_OPTIONS = {
  'base-url': { type: 'string' },
  'app-key': { type: 'string' },
  'app-secret-file': { type: 'string' },
  timeout: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
} as const satisfies Options;

export const CONNECTION_HELP = `Connection (every command that calls Daji):
  --base-url URL          Daji or a local mock/sandbox (env DAJI_BASE_URL; default https://openapi.dajisaas.com)
  --app-key KEY           your app key (env DAJI_APP_KEY)
  --app-secret-file FILE  read the app secret from FILE, "-" for stdin (env DAJI_APP_SECRET).
                          There is no --app-secret: a secret typed on the command line lands in
                          shell history and in the process list.
  --timeout MS            per request, default 30000
  -H, --header 'N: V'     extra request header, repeatable; e.g. against the mock server
                          -H 'Prefer: example=appNotActivated' picks another example answer`;

const SECRET_FLAG = /^--app-secret(=|$)/;

/**
 * node:util parseArgs with our conventions: unknown flags and bad values become a UsageError that
 * names the flag, never its value (a value may be a secret put in the wrong place).
 */
export function parse<O extends Options>(argv: string[], options: O, command: string) {
  const secretFlag = argv.find((arg) => SECRET_FLAG.test(arg));
  if (secretFlag !== undefined) {
    throw new UsageError(
      '--app-secret is not accepted: a secret on the command line lands in shell history and in the process list.',
      'Set DAJI_APP_SECRET in the environment, or pass --app-secret-file FILE (or - to read it from stdin).',
    );
  }
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node quotes the offending argument; keep only the flag name.
    const flag = /'(-{1,2}[^'=\s]+)/.exec(message)?.[1];
    const what = /Unknown option/.test(message)
      ? `unknown option ${flag ?? ''}`.trim()
      : /argument missing|requires a value|expects a value/i.test(message)
        ? `option ${flag ?? ''} needs a value`
        : `bad option ${flag ?? ''}`.trim();
    throw new UsageError(`${command}: ${what}.`, `Run \`daji ${command} --help\` for the options.`);
  }
}

/** A whole number option within bounds, or a UsageError naming the option. */
export function intOption(
  value: string | undefined,
  name: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`,
    );
  }
  return n;
}
