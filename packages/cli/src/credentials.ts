import { readFileSync } from 'node:fs';
import { type Io, readAll } from './io.js';

export const DEFAULT_BASE_URL = 'https://openapi.dajisaas.com';

export interface Connection {
  appKey: string | undefined;
  appSecret: string | undefined;
  baseUrl: string;
  /** Where each value came from, for `daji doctor` (never the secret itself). */
  sources: { appKey: string; appSecret: string; baseUrl: string };
  timeoutMs: number | undefined;
  /** Extra headers for every request (`-H 'Name: value'`). */
  headers: Record<string, string> | undefined;
}

export interface ConnectionFlags {
  'base-url'?: string | undefined;
  'app-key'?: string | undefined;
  'app-secret-file'?: string | undefined;
  timeout?: string | undefined;
  header?: string[] | undefined;
}

/**
 * Credentials and base URL from flags, then the environment. The secret only ever comes from
 * DAJI_APP_SECRET or a file, and only the trailing newline of a file is dropped.
 */
export async function readConnection(flags: ConnectionFlags, io: Io): Promise<Connection> {
  const env = io.env;
  const appKey = flags['app-key'] ?? nonEmpty(env.DAJI_APP_KEY);
  let appSecret: string | undefined;
  let secretSource = 'not set';
  const file = flags['app-secret-file'];
  if (file !== undefined) {
    let text: string;
    try {
      text = file === '-' ? await readAll(io.stdin) : readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CredentialsError(
        `cannot read --app-secret-file ${file}${code ? ` (${code})` : ''}; pass a file that holds only your app secret.`,
      );
    }
    appSecret = nonEmpty(text.replace(/\r?\n$/, ''));
    if (appSecret === undefined) throw new CredentialsError(`--app-secret-file ${file} is empty.`);
    secretSource = file === '-' ? 'standard input' : `file ${file}`;
  } else if (nonEmpty(env.DAJI_APP_SECRET) !== undefined) {
    appSecret = env.DAJI_APP_SECRET;
    secretSource = 'DAJI_APP_SECRET';
  }
  const baseUrl = flags['base-url'] ?? nonEmpty(env.DAJI_BASE_URL) ?? DEFAULT_BASE_URL;
  let timeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    timeoutMs = /^\d+$/.test(flags.timeout) ? Number(flags.timeout) : Number.NaN;
    if (!(timeoutMs >= 1 && timeoutMs <= 600_000)) {
      throw new CredentialsError(
        `--timeout must be milliseconds from 1 to 600000, got ${JSON.stringify(flags.timeout)}.`,
      );
    }
  }
  let headers: Record<string, string> | undefined;
  for (const header of flags.header ?? []) {
    const colon = header.indexOf(':');
    const name = colon > 0 ? header.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new CredentialsError(
        `--header must be 'Name: value', e.g. -H 'Prefer: example=appNotActivated'.`,
      );
    }
    headers = { ...headers, [name]: header.slice(colon + 1).trim() };
  }
  return {
    appKey,
    appSecret,
    baseUrl,
    timeoutMs,
    headers,
    sources: {
      appKey:
        flags['app-key'] !== undefined ? '--app-key' : appKey !== undefined ? 'DAJI_APP_KEY' : 'not set',
      appSecret: secretSource,
      baseUrl:
        flags['base-url'] !== undefined
          ? '--base-url'
          : nonEmpty(env.DAJI_BASE_URL) !== undefined
            ? 'DAJI_BASE_URL'
            : 'default',
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Credentials are missing or unreadable: a usage problem (exit 2) with the fix in the message. */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

/** What is missing, as sentences that say how to provide it. */
export function missingCredentials(connection: Connection): string[] {
  const missing: string[] = [];
  if (connection.appKey === undefined) missing.push('No app key: set DAJI_APP_KEY or pass --app-key KEY.');
  if (connection.appSecret === undefined) {
    missing.push('No app secret: set DAJI_APP_SECRET or pass --app-secret-file FILE.');
  }
  return missing;
}
