import { readFileSync } from 'node:fs';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parse } from '../args.js';
import { connect } from '../connect.js';
import { readConnection } from '../credentials.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { type Io, line, readAll } from '../io.js';
import { reportError } from '../report.js';
import { buildRequest, validParameters } from '../request.js';
import { findOperation } from './ops.js';

const HELP = `Usage: daji call <operationId> [key=value …] [--body FILE|-] [options]

Calls one operation of the Daji spec, signed with your credentials, and prints the \`data\` of the
answer as JSON. 19-digit ids (order ids, offer ids) are printed as exact strings, never rounded.
Parameters are checked against the spec before anything is sent: an unknown or missing one is an
error that lists the valid ones (\`daji ops <operationId>\` shows them too).

  key=value        a query parameter, or a top-level body field; numbers and booleans are typed as the
                   spec says, arrays and objects are JSON (orderEntryIds=1,2 also works), key=@FILE
                   reads the value from FILE (image_base64=@photo.jpg uploads the picture)
  --body FILE|-    the JSON body from FILE or standard input; key=value fields override its fields
  --envelope       print the whole envelope (code, message, data, timestamp, traceId)
  --compact        one line of JSON instead of indented
  --json           errors as one JSON object on stderr

${CONNECTION_HELP}

Exit codes: 0 success, 1 Daji refused (business failure), 2 usage error, 3 HTTP or network failure.

Examples:
  daji call keywordSearch keyword=连衣裙 beginPage=1 pageSize=20 country=en
  daji call getOrderDetail orderId=2257164624870311973
  daji call createOrder --body order.json`;

async function readText(source: string, io: Io): Promise<string> {
  if (source !== '-') {
    try {
      return readFileSync(source, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --body ${source} (${(error as NodeJS.ErrnoException).code ?? error}).`,
      );
    }
  }
  return readAll(io.stdin);
}

export async function runCall(argv: string[], io: Io): Promise<number> {
  let json = false;
  try {
    const { values, positionals } = parse(
      argv,
      {
        ...CONNECTION_OPTIONS,
        body: { type: 'string' },
        envelope: { type: 'boolean' },
        compact: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      'call',
    );
    json = values.json === true;
    if (values.help) {
      line(io.stdout, HELP);
      return EXIT.ok;
    }
    const [operationId, ...pairs] = positionals;
    if (operationId === undefined) {
      throw new UsageError(
        'which operation? Pass an operationId, e.g. daji call getCategory categoryID=0.',
        'Run `daji ops` to list them.',
      );
    }
    const operation = findOperation(operationId);
    const { parseLosslessJson, routes } = await import('@daji-openapi/client');
    const route = (routes as Record<string, { method: string; path: string }>)[operation.operationId];
    if (!route)
      throw new UsageError(`${operation.operationId} is not known to this version of @daji-openapi/client.`);
    const bodyText = values.body === undefined ? undefined : await readText(values.body, io);
    const request = buildRequest(operation, pairs, bodyText, parseLosslessJson);
    // The client's own rules, generated from the spec, before credentials are even looked at.
    const { specChecks } = await import('@daji-openapi/client/spec-checks');
    try {
      specChecks(operation.operationId, request.query, request.body);
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        throw new UsageError(error.message, validParameters(operation));
      }
      throw error;
    }

    const client = await connect(await readConnection(values, io));
    const init = request.body ? { body: request.body } : { params: { query: request.query ?? {} } };
    const result = (await (route.method === 'get' ? client.GET : client.POST)(
      route.path as never,
      init as never,
    )) as {
      data?: { data?: unknown };
      error?: unknown;
    };
    if (result.error !== undefined) return reportError(io, 'call', result.error, json);
    const output = values.envelope ? result.data : result.data?.data;
    line(io.stdout, JSON.stringify(output ?? null, null, values.compact ? undefined : 2));
    // Daji relays some 1688 refusals inside a code-200 envelope: {"success": false, "errorCode", …}.
    const inner = result.data?.data as Record<string, unknown> | undefined;
    if (inner && typeof inner === 'object' && inner.success === false) {
      // 1688 names the pair errorCode/errorMessage in some replies and code/message in others.
      const code = inner.errorCode ?? inner.code;
      const text = inner.errorMessage ?? inner.erroMsg ?? inner.message;
      const message = `1688 refused ${operation.operationId}: ${String(code ?? 'no error code')}${text ? ` ${String(text)}` : ''}`;
      const traceId = (result.data as { traceId?: string }).traceId;
      line(
        io.stderr,
        json
          ? JSON.stringify({
              error: { name: 'DajiBusinessError', message, code, traceId },
              exitCode: EXIT.business,
            })
          : `daji call: ${message}${traceId ? ` (traceId ${traceId})` : ''}`,
      );
      return EXIT.business;
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(io, 'call', error, json);
  }
}
