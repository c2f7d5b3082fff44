import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKeepingDigits, stringifyKeepingDigits } from './json-text.js';
import { CREDENTIAL_FIELDS, maskPersonalData } from './mask.js';

/** One exchange as the proxy saw it; bodies are the decoded bytes. */
export interface ExchangeToRecord {
  operationId: string;
  method: string;
  path: string;
  query: URLSearchParams;
  requestContentType: string | undefined;
  requestBody: Buffer;
  status: number;
  responseContentType: string | undefined;
  responseBody: Buffer;
}

/**
 * What a recording file holds, in the layout of the spec's fixtures (`operationId`, `status`, `body` = the
 * answer, `source`), plus the request that produced it. Nothing in it signs or identifies anyone.
 */
export interface Recording {
  operationId: string;
  direction: 'response';
  status: number;
  source: string;
  /** The answer, personal data masked; integers keep every digit. */
  body: unknown;
  request: { method: string; path: string; query: Record<string, unknown>; body: unknown };
  recordedAt: string;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Writes each exchange to its own JSON file, credentials removed and personal data masked, at most
 * `maxPerOperation` files per operation. Write failures are reported once and never disturb forwarding.
 */
export class Recorder {
  private readonly counts = new Map<string, number>();
  private sequence = 0;
  private pending: Promise<void> = Promise.resolve();
  private ready: Promise<unknown>;
  private failed = false;

  constructor(
    private readonly dir: string,
    private readonly maxPerOperation: number,
    private readonly onError: (message: string) => void,
  ) {
    this.ready = mkdir(dir, { recursive: true });
  }

  /** Queues the exchange; returns false when the operation already has its maximum of recordings. */
  record(exchange: ExchangeToRecord): boolean {
    const count = this.counts.get(exchange.operationId) ?? 0;
    if (count >= this.maxPerOperation) return false;
    this.counts.set(exchange.operationId, count + 1);
    this.sequence += 1;
    const recordedAt = new Date();
    const stamp = recordedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const file = join(
      this.dir,
      `${exchange.operationId}-${stamp}-${String(this.sequence).padStart(4, '0')}.json`,
    );
    const text = `${stringifyKeepingDigits(toRecording(exchange, recordedAt))}\n`;
    this.pending = this.pending
      .then(() => this.ready)
      .then(() => writeFile(file, text))
      .catch((error: NodeJS.ErrnoException) => {
        if (this.failed) return;
        this.failed = true;
        this.onError(
          `cannot write recordings to ${this.dir} (${error.code ?? error.message}); recording stopped`,
        );
      });
    return true;
  }

  /** Resolves when every queued recording is on disk. */
  flush(): Promise<void> {
    return this.pending;
  }
}

export function toRecording(exchange: ExchangeToRecord, recordedAt = new Date()): Recording {
  return {
    operationId: exchange.operationId,
    direction: 'response',
    status: exchange.status,
    source: `daji-mock proxy recording, ${recordedAt.toISOString()}`,
    body: maskPersonalData(readBody(exchange.responseContentType, exchange.responseBody)),
    request: {
      method: exchange.method.toUpperCase(),
      path: exchange.path,
      query: maskPersonalData(paramsToObject(exchange.query)) as Record<string, unknown>,
      body: maskPersonalData(readRequestBody(exchange.requestContentType, exchange.requestBody)),
    },
    recordedAt: recordedAt.toISOString(),
  };
}

function readRequestBody(contentType: string | undefined, body: Buffer): unknown {
  if (body.length === 0) return null;
  if (/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
    return paramsToObject(new URLSearchParams(body.toString('utf8')));
  }
  if (/^multipart\/form-data/i.test(contentType ?? '')) {
    // An upload: the image is not recorded (nor the credentials among the parts); its size says enough.
    return { multipart: true, bytes: body.length };
  }
  return readBody(contentType, body);
}

function readBody(contentType: string | undefined, body: Buffer): unknown {
  if (body.length === 0) return null;
  const text = body.toString('utf8');
  if (!contentType || JSON_TYPE.test(contentType)) {
    try {
      return parseKeepingDigits(text);
    } catch {
      // Not JSON after all: keep the text, masked like any free text.
    }
  }
  return text;
}

function paramsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    if (CREDENTIAL_FIELDS.has(key)) continue;
    const existing = out[key];
    out[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
