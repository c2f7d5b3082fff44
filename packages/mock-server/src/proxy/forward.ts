import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded either way.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Raw headers (`[name, value, name, value …]`) without hop-by-hop ones, those `Connection` names, and `drop`. */
export function endToEndHeaders(raw: readonly string[], drop: ReadonlySet<string> = new Set()): string[] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') {
      for (const token of raw[i + 1]!.split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name) || drop.has(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** Why no answer came from upstream: `unreachable` becomes 502, `timeout` 504. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly reason: 'unreachable' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

export interface Upstream {
  /** Sends one request; resolves with the answer once its status and headers arrived. */
  send(
    method: string,
    pathAndQuery: string,
    headers: string[],
    body: Buffer,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<IncomingMessage>;
  /** Where requests go, for messages: the origin only, never a path or query. */
  readonly origin: string;
  close(): void;
}

/** A keep-alive connection pool to one upstream origin; paths are appended to the upstream's own path. */
export function createUpstream(base: URL): Upstream {
  const secure = base.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const prefix = base.pathname.replace(/\/+$/, '');
  const send = secure ? httpsRequest : httpRequest;
  return {
    origin: base.origin,
    close: () => agent.destroy(),
    send(method, pathAndQuery, headers, body, timeoutMs, signal) {
      return new Promise((resolve, reject) => {
        const withHost = toHeaderObject([...headers, 'Host', base.host]);
        if (body.length > 0 || method === 'POST' || method === 'PUT' || method === 'PATCH') {
          withHost['Content-Length'] = String(body.length);
        }
        const req = send({
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || undefined,
          method,
          path: prefix + pathAndQuery,
          headers: withHost,
          agent,
          signal,
        });
        const timer = setTimeout(() => {
          req.destroy(
            new UpstreamError('timeout', `upstream ${base.origin} did not answer within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        req.once('response', (res) => {
          clearTimeout(timer);
          resolve(res);
        });
        req.once('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          if (error instanceof UpstreamError) return reject(error);
          // Only the error code: a message can quote the request line, and the query carries the signature.
          const code = error.code ?? error.name;
          reject(new UpstreamError('unreachable', `upstream ${base.origin} unreachable (${code})`));
        });
        req.end(body);
      });
    },
  };
}

/** Raw header pairs as an object for `http.request`, keeping each name's spelling and repeated values. */
function toHeaderObject(raw: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const spelling = new Map<string, string>();
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    const name = spelling.get(lower) ?? raw[i]!;
    spelling.set(lower, name);
    const existing = out[name];
    out[name] =
      existing === undefined
        ? raw[i + 1]!
        : [...(Array.isArray(existing) ? existing : [existing]), raw[i + 1]!];
  }
  return out;
}
