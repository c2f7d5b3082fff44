import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import {
  type ClassifiedFinding,
  ConformanceSpec,
  DriftCollector,
  type DriftReport,
  type OpenApiDocument,
} from '@daji-openapi/conformance';
import { defaultSpecPath } from '../default-spec.js';
import { createUpstream, endToEndHeaders, UpstreamError } from './forward.js';
import { Recorder } from './recorder.js';

export interface ConformanceProxyOptions {
  /** The real Daji, e.g. `https://openapi.dajisaas.com`. Requests go there unchanged. */
  upstream: string;
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** OpenAPI document to check against: a JSON file path or the parsed object. Default: the bundled Daji spec. */
  spec?: string | object;
  /** File the drift report is written to every `reportIntervalMs` and on `close()`. */
  report?: string;
  /** How often the report file is rewritten. Default 10 000 ms. */
  reportIntervalMs?: number;
  /** Directory to save each exchange in, one JSON file per call, credentials removed and personal data masked. */
  record?: string;
  /** At most this many recordings per operation. Default 100. */
  recordMax?: number;
  /** Upstream must send its status and headers within this time, else 504. Default 30 000 ms. */
  timeoutMs?: number;
  /** Called once per call with what happened; holds no query, body or credential. */
  onExchange?: (exchange: ProxyExchange) => void;
  /** Called with a one-line warning (e.g. recordings cannot be written). Default: stderr. */
  onWarning?: (message: string) => void;
}

/** One forwarded call, for a log line. */
export interface ProxyExchange {
  method: string;
  /** The path without its query (the query carries `appKey` and `sign`). */
  path: string;
  /** Undefined when the spec has no such method and path. */
  operationId: string | undefined;
  /** The status the caller got: upstream's, or 502 / 504 when upstream gave none. */
  status: number;
  durationMs: number;
  /** Distinct deviations in this call (request and response). */
  deviations: number;
  /** Whether the answer satisfied the spec; undefined when it was not checked. */
  valid: boolean | undefined;
  /** Why upstream gave no answer. */
  upstreamError?: string;
}

export interface ConformanceProxy {
  /** Base URL to give the client instead of Daji's, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** The drift report so far (also served at `GET /__drift`). */
  report(): DriftReport;
  /** The report as a plain-text table. */
  summary(): string;
  /** Stops listening, finishes recordings, writes the report file one last time; resolves with the report. */
  close(): Promise<DriftReport>;
}

/** Path answered by the proxy itself with the live report. */
export const DRIFT_PATH = '/__drift';

const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
const MAX_CHECKED_BYTES = 16 * 1024 * 1024;

/**
 * Starts a conformance proxy: a transparent forwarder to the real Daji that checks every request and
 * answer against the spec and keeps a bounded drift report. It never signs and never needs the secret.
 *
 * @example
 * const proxy = await startConformanceProxy({ upstream: 'https://openapi.dajisaas.com', port: 0, report: 'drift.json' });
 * const client = createDajiClient({ appKey, appSecret, baseUrl: proxy.url });
 * // … use the client as usual …
 * console.log((await proxy.close()).operations);
 */
export async function startConformanceProxy(options: ConformanceProxyOptions): Promise<ConformanceProxy> {
  const settings = checkOptions(options);
  const spec = new ConformanceSpec(loadSpec(options.spec));
  const drift = new DriftCollector({ spec: { title: spec.title, version: spec.version } });
  const upstream = createUpstream(settings.upstream);
  const warn =
    options.onWarning ?? ((message: string) => process.stderr.write(`daji-mock proxy: ${message}\n`));
  const recorder = options.record ? new Recorder(options.record, settings.recordMax, warn) : undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      // Never reached in normal operation; a bug here must not take the proxy down or leak the request.
      warn(`internal error: ${error.name}`);
      if (!res.headersSent) plain(res, 500, 'daji-mock proxy: internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    if (url.pathname === DRIFT_PATH && method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`${JSON.stringify(drift.toJSON(), null, 2)}\n`);
      return;
    }

    const requestBody = await readAll(req, MAX_REQUEST_BYTES);
    if (requestBody === undefined) {
      plain(res, 413, `daji-mock proxy: request body larger than ${MAX_REQUEST_BYTES} bytes`);
      return;
    }
    const operation = spec.match(method, url.pathname);
    const requestContentType = req.headers['content-type'];
    const findings: ClassifiedFinding[] = [];
    if (operation && !req.headers['content-encoding']) {
      findings.push(
        ...spec.checkRequest(operation, {
          query: url.searchParams,
          contentType: requestContentType,
          body: requestBody.toString('utf8'),
        }),
      );
    }

    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let answer: IncomingMessage;
    try {
      answer = await upstream.send(
        method,
        url.pathname + url.search,
        endToEndHeaders(req.rawHeaders, DROPPED_REQUEST_HEADERS),
        requestBody,
        settings.timeoutMs,
        abort.signal,
      );
    } catch (error) {
      if (abort.signal.aborted) return;
      const failure =
        error instanceof UpstreamError
          ? error
          : new UpstreamError('unreachable', `upstream ${upstream.origin} failed`);
      drift.recordUpstreamFailure();
      const status = failure.reason === 'timeout' ? 504 : 502;
      plain(res, status, `daji-mock proxy: ${failure.message}`);
      options.onExchange?.({
        method,
        path: url.pathname,
        operationId: operation?.operationId,
        status,
        durationMs: performance.now() - started,
        deviations: 0,
        valid: undefined,
        upstreamError: failure.message,
      });
      return;
    }

    // The answer goes back as it comes, byte for byte; a copy is kept for the checks.
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.rawHeaders));
    const chunks: Buffer[] = [];
    let size = 0;
    answer.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_CHECKED_BYTES) chunks.push(chunk);
      res.write(chunk);
    });
    const complete = await new Promise<boolean>((resolve) => {
      answer.once('end', () => resolve(true));
      answer.once('error', () => resolve(false));
      answer.once('aborted', () => resolve(false));
    });
    if (!complete) {
      res.destroy();
      return;
    }
    res.end();

    const status = answer.statusCode ?? 0;
    let valid: boolean | undefined;
    if (!operation) {
      drift.recordUnmatched(method, url.pathname);
    } else if (size <= MAX_CHECKED_BYTES) {
      const responseContentType = answer.headers['content-type'];
      const body = decode(Buffer.concat(chunks), answer.headers['content-encoding']);
      if (body === undefined) {
        valid = undefined;
        drift.record(operation.operationId, findings, false);
      } else {
        const check = spec.checkResponse(operation, {
          status,
          contentType: responseContentType,
          body: body.toString('utf8'),
        });
        findings.push(...check.findings);
        valid = check.valid;
        drift.record(operation.operationId, findings, check.valid);
        recorder?.record({
          operationId: operation.operationId,
          method,
          path: url.pathname,
          query: url.searchParams,
          requestContentType,
          requestBody,
          status,
          responseContentType,
          responseBody: body,
        });
      }
    }
    options.onExchange?.({
      method,
      path: url.pathname,
      operationId: operation?.operationId,
      status,
      durationMs: performance.now() - started,
      deviations: new Set(findings.map((f) => `${f.in} ${f.pointer} ${f.kind}`)).size,
      valid,
    });
  }

  let writing: Promise<void> = Promise.resolve();
  const writeReport = (): Promise<void> => {
    const file = options.report;
    if (!file) return Promise.resolve();
    const text = `${JSON.stringify(drift.toJSON(), null, 2)}\n`;
    const staging = `${file}.${process.pid}.tmp`;
    // Written beside the target and renamed, so a reader never sees half a report.
    writing = writing
      .then(() => writeFile(staging, text))
      .then(() => rename(staging, file))
      .catch(async (error: NodeJS.ErrnoException) => {
        warn(`cannot write the report to ${file} (${error.code ?? error.message})`);
        // A staging file that could not be renamed would otherwise stay beside the report for good.
        await rm(staging, { force: true }).catch(() => {});
      });
    return writing;
  };
  const timer = options.report ? setInterval(writeReport, settings.reportIntervalMs) : undefined;
  timer?.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `startConformanceProxy: port ${settings.port} on ${settings.host} is already in use. Stop the other server or use port 0.`,
            )
          : error,
      );
    });
    server.listen(settings.port, settings.host, resolve);
  }).catch((error) => {
    if (timer) clearInterval(timer);
    upstream.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  await writeReport();

  let closing: Promise<DriftReport> | undefined;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    report: () => drift.toJSON(),
    summary: () => drift.summary(),
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        upstream.close();
        await recorder?.flush();
        await writeReport();
        return drift.toJSON();
      })();
      return closing;
    },
  };
}

// `host` names the proxy, and the length is set again from the bytes actually sent.
const DROPPED_REQUEST_HEADERS = new Set(['host', 'content-length']);

function plain(res: ServerResponse, status: number, line: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${line}\n`);
}

function readAll(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** The body as the server meant it, for the checks only; undefined for an encoding that cannot be read. */
function decode(body: Buffer, encoding: string | undefined): Buffer | undefined {
  try {
    switch ((encoding ?? '').trim().toLowerCase()) {
      case '':
      case 'identity':
        return body;
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body);
      case 'deflate':
        return inflateSync(body);
      case 'br':
        return brotliDecompressSync(body);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function loadSpec(spec: string | object | undefined): OpenApiDocument {
  if (spec !== undefined && typeof spec === 'object') return spec as OpenApiDocument;
  const file = spec ?? defaultSpecPath();
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  } catch (error) {
    throw new Error(
      `startConformanceProxy: cannot read the spec ${file} as JSON (${(error as NodeJS.ErrnoException).code ?? 'not JSON'}). Pass a bundled openapi.json.`,
    );
  }
}

function checkOptions(options: ConformanceProxyOptions) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('startConformanceProxy: options must be an object { upstream, … }.');
  }
  let upstream: URL | undefined;
  try {
    upstream = typeof options.upstream === 'string' ? new URL(options.upstream) : undefined;
  } catch {
    upstream = undefined;
  }
  if (
    !upstream ||
    !/^https?:$/.test(upstream.protocol) ||
    upstream.search ||
    upstream.hash ||
    upstream.username
  ) {
    throw new TypeError(
      `startConformanceProxy: options.upstream must be an http(s) URL without query, fragment or credentials, e.g. 'https://openapi.dajisaas.com', got ${typeof options.upstream === 'string' ? JSON.stringify(options.upstream) : typeof options.upstream}.`,
    );
  }
  const port = options.port ?? 4010;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(
      `startConformanceProxy: options.port must be an integer from 0 to 65535, got ${port}.`,
    );
  }
  const whole = (name: string, value: number | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min) {
      throw new TypeError(
        `startConformanceProxy: options.${name} must be a whole number ≥ ${min}, got ${value}.`,
      );
    }
    return value;
  };
  return {
    upstream,
    port,
    host: options.host ?? '127.0.0.1',
    timeoutMs: whole('timeoutMs', options.timeoutMs, 30_000, 1),
    reportIntervalMs: whole('reportIntervalMs', options.reportIntervalMs, 10_000, 10),
    recordMax: whole('recordMax', options.recordMax, 100, 1),
  };
}
