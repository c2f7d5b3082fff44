import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@stoplight/prism-core';
import { createInstance, getHttpOperationsFromSpec, type IHttpConfig } from '@stoplight/prism-http';
import { defaultSpecPath } from './default-spec.js';
import { plausibleForGeneration } from './plausible-schemas.js';
import { queryRules } from './query-rules.js';
import { createRequestListener, type HttpOperation, type RequestRecord } from './request-listener.js';
import { createSandbox, type SandboxHooks, type SandboxOptions } from './sandbox/sandbox.js';
import type { AppCredentials } from './signature.js';

export type LogLevel = 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface MockServerOptions {
  /**
   * `examples` (default): every answer comes from the spec's examples, nothing is remembered.
   * `sandbox`: a stateful Daji — orders, ledger, clock, faults and pushes per appKey, steered through
   * the control API under `/__sandbox/`.
   */
  mode?: 'examples' | 'sandbox';
  /** Sandbox settings (catalogue, state file, timings, push redelivery); only with `mode: 'sandbox'`. */
  sandbox?: SandboxOptions;
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** OpenAPI document: a file path or URL, or the parsed object. Default: the bundled Daji spec. */
  spec?: string | object;
  /** Generate fake data from the schemas instead of returning the spec's examples. Default false. */
  dynamic?: boolean;
  /** Seed for dynamic data: the same request with the same seed gets the same body. */
  seed?: string | number;
  /** Check `appKey` and `sign` like Daji does. Default false (no check). */
  verifySignature?: AppCredentials | false;
  /** Level of Prism's own log (JSON lines on stderr). Default `silent`: info logging halves throughput. */
  logLevel?: LogLevel;
  /** Called after every answered request. */
  onRequest?: (record: RequestRecord) => void;
}

export interface MockServer {
  /** Base URL to give the client, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** Stops listening and drops open connections; resolves when the port is free. */
  close(): Promise<void>;
}

const LOG_LEVELS: LogLevel[] = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/**
 * Starts a local Daji: Prism serving the spec, with Daji's signature check in front of its validation.
 *
 * @example
 * const mock = await startMockServer({ port: 0, verifySignature: { appKey: 'demoKey123', appSecret: 'demoSecret456' } });
 * const client = createDajiClient({ appKey: 'demoKey123', appSecret: 'demoSecret456', baseUrl: mock.url });
 * await mock.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const {
    port = 4010,
    host = '127.0.0.1',
    dynamic = false,
    logLevel = 'silent',
    mode = 'examples',
  } = options;
  checkOptions(options);
  const verify = options.verifySignature || undefined;

  const spec = options.spec ?? defaultSpecPath();
  const served = forPrism(await getHttpOperationsFromSpec(spec));
  const operations = dynamic ? plausibleForGeneration(served) : served;
  if (operations.length === 0) throw new Error('startMockServer: the spec defines no operations to serve.');
  let sandbox: SandboxHooks | undefined;
  if (mode === 'sandbox') {
    const secrets = new Map(verify ? [[verify.appKey, verify.appSecret]] : []);
    sandbox = createSandbox(options.sandbox ?? {}, operations, readSpecDocument(spec), secrets);
  }

  const config: IHttpConfig = {
    isProxy: false,
    checkSecurity: true,
    validateRequest: true,
    // The sandbox builds its answers itself (its tests check them against the spec); Prism's own
    // example would be checked for nothing.
    validateResponse: mode !== 'sandbox',
    errors: false,
    upstreamProxy: undefined,
    mock: { dynamic, ...(options.seed !== undefined && { seed: String(options.seed) }) },
  };
  const logger = createLogger('daji-mock', { level: logLevel }, process.stderr);
  const prism = createInstance(config, { logger, ...(sandbox && { mock: sandbox.mock }) });
  const server = createServer(
    createRequestListener({
      prism,
      operations,
      config,
      verify,
      onRequest: options.onRequest,
      sandbox,
      queryRules: queryRules(operations),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `startMockServer: port ${port} on ${host} is already in use. Stop the other server or use port 0.`,
            )
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  }).catch(async (error: unknown) => {
    await sandbox?.close();
    throw error;
  });

  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (browsers, autocannon, undici's pool) would hold the port open otherwise.
        server.closeAllConnections();
      })
        .then(() => sandbox?.close())
        .then(afterHandlesClosed);
      return closing;
    },
  };
}

/**
 * libuv frees a closed handle in the "close callbacks" phase that follows the check phase, so two
 * setImmediate turns after the server's close event the listening socket is really gone.
 */
async function afterHandlesClosed(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Prism answers a request that breaks the contract with the spec's 400/422/4XX/default response when one
 * exists. Daji's 400 in the spec describes the signature rejection, which the mock produces itself, so those
 * responses are hidden from Prism: contract violations then reach the listener as Prism's 422, which it answers
 * as Daji does — HTTP 400 with a Spring error body naming each violation.
 */
function forPrism(operations: HttpOperation[]): HttpOperation[] {
  return operations.map((operation) => {
    const hasSuccess = operation.responses.some((response) => /^2/.test(response.code));
    const responses = operation.responses.filter((response) => {
      const code = response.code.toUpperCase();
      return !(code === '400' || code === '422' || code === '4XX' || (code === 'DEFAULT' && hasSuccess));
    });
    return { ...operation, responses } as HttpOperation;
  });
}

/** The spec as a parsed document (the sandbox reads its webhooks and examples from it). */
function readSpecDocument(spec: string | object): unknown {
  if (typeof spec !== 'string') return spec;
  const text = readFileSync(spec, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      `startMockServer: sandbox mode reads the spec as JSON; ${spec} is not JSON. Bundle it to JSON first (redocly bundle --ext json).`,
    );
  }
}

function checkOptions(options: MockServerOptions): void {
  const { port, host, verifySignature, logLevel, seed, mode } = options;
  if (mode !== undefined && mode !== 'examples' && mode !== 'sandbox') {
    throw new TypeError(
      `startMockServer: 'mode' must be 'examples' or 'sandbox', got ${JSON.stringify(mode)}.`,
    );
  }
  if (options.sandbox !== undefined && mode !== 'sandbox') {
    throw new TypeError(`startMockServer: 'sandbox' options need mode: 'sandbox'.`);
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new TypeError(
      `startMockServer: 'port' must be an integer from 0 to 65535 (0 = any free port), got ${port}.`,
    );
  }
  if (host !== undefined && (typeof host !== 'string' || host === '')) {
    throw new TypeError(`startMockServer: 'host' must be a non-empty string such as '127.0.0.1'.`);
  }
  if (verifySignature) {
    for (const field of ['appKey', 'appSecret'] as const) {
      if (typeof verifySignature[field] !== 'string' || verifySignature[field] === '') {
        throw new TypeError(
          `startMockServer: 'verifySignature.${field}' must be a non-empty string (or pass verifySignature: false to turn the check off).`,
        );
      }
    }
  }
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    throw new TypeError(
      `startMockServer: 'logLevel' must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'.`,
    );
  }
  if (seed !== undefined && typeof seed !== 'string' && typeof seed !== 'number') {
    throw new TypeError(`startMockServer: 'seed' must be a string or a number.`);
  }
}
