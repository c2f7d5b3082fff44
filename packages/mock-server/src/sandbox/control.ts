// The control API under /__sandbox/: what a test or a demo uses to look at and steer its tenant —
// orders, ledger, clock, faults, push target and deliveries. JSON in and out; bad input gets HTTP 400
// with a one-line reason listing what is accepted, and changes nothing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxEngine } from './engine.js';
import type { Pusher } from './pushes.js';
import {
  FAULT_KINDS,
  type Fault,
  type FaultKind,
  type Order,
  PAY_FAULT_KINDS,
  type Tenant,
} from './state.js';

export const CONTROL_PREFIX = '/__sandbox/';

const ROUTES = [
  'POST /__sandbox/reset',
  'GET /__sandbox/orders',
  'GET /__sandbox/orders/{orderId}',
  'POST /__sandbox/orders/{orderId}/ship',
  'GET /__sandbox/clock',
  'POST /__sandbox/clock/advance',
  'GET /__sandbox/ledger',
  'GET /__sandbox/faults',
  'POST /__sandbox/faults',
  'DELETE /__sandbox/faults',
  'GET /__sandbox/push-target',
  'PUT /__sandbox/push-target',
  'DELETE /__sandbox/push-target',
  'GET /__sandbox/deliveries',
] as const;

const MAX_HOURS = 24 * 366;
const MAX_BODY = 64 * 1024;

export interface ControlContext {
  engine: SandboxEngine;
  pusher: Pusher;
  /** Operations faults can be set on. */
  operations: readonly string[];
  /** The secret to sign an app's pushes with when PUT /push-target gives none. */
  secretOf(appKey: string): string | undefined;
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

/** Answers one control request; resolves to the reason of a rejection, for the request log. */
export async function handleControl(
  context: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<string | undefined> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const body = await readJson(req);
    const appKey = url.searchParams.get('appKey');
    if (!appKey) {
      throw new BadRequest(
        'The appKey query parameter is required: the app whose sandbox to use, e.g. /__sandbox/orders?appKey=demoKey123.',
      );
    }
    const { status, payload } = route(context, method, url.pathname, appKey, body);
    send(res, status, payload);
    return undefined;
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error;
    send(res, error.status, { error: error.message });
    return error.message;
  }
}

function route(
  context: ControlContext,
  method: string,
  path: string,
  appKey: string,
  body: Body | undefined,
): { status: number; payload: unknown } {
  const { engine } = context;
  const action = `${method} ${path}`;
  const orderRoute = /^\/__sandbox\/orders\/([^/]+)(\/ship)?$/.exec(path);

  if (action === 'POST /__sandbox/reset') {
    noBody(body, []);
    engine.reset(appKey);
    return { status: 200, payload: { reset: true, appKey } };
  }
  if (action === 'GET /__sandbox/orders') {
    const tenant = engine.tenant(appKey);
    return { status: 200, payload: { orders: [...tenant.orders.values()].map(orderSummary) } };
  }
  if (orderRoute && method === 'GET' && !orderRoute[2]) {
    const tenant = engine.tenant(appKey);
    return {
      status: 200,
      payload: { order: orderSummary(orderOf(context, tenant, decodeURIComponent(orderRoute[1]!))) },
    };
  }
  if (orderRoute && method === 'POST' && orderRoute[2]) {
    const fields = noBody(body, ['logisticsCompanyName', 'logisticsCompanyNo', 'logisticsBillNo']);
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value !== 'string' || value === '')
        throw new BadRequest(`${name} must be a non-empty string.`);
    }
    const tenant = engine.tenant(appKey);
    const order = orderOf(context, tenant, decodeURIComponent(orderRoute[1]!));
    const refusal = engine.ship(tenant, order, {
      ...(typeof fields.logisticsCompanyName === 'string' && { companyName: fields.logisticsCompanyName }),
      ...(typeof fields.logisticsCompanyNo === 'string' && { companyNo: fields.logisticsCompanyNo }),
      ...(typeof fields.logisticsBillNo === 'string' && { billNo: fields.logisticsBillNo }),
    });
    if (refusal)
      throw new BadRequest(
        `Order ${order.orderId} is ${order.status}; only a paid order (waitsellersend) can be shipped.`,
        409,
      );
    return { status: 200, payload: { order: orderSummary(order) } };
  }
  if (action === 'GET /__sandbox/clock') {
    const tenant = engine.tenant(appKey);
    return { status: 200, payload: clockOf(engine, tenant) };
  }
  if (action === 'POST /__sandbox/clock/advance') {
    const { hours } = noBody(body, ['hours']);
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS) {
      throw new BadRequest(
        `hours must be a number above 0 and at most ${MAX_HOURS} (one year), e.g. { "hours": 48 }; got ${JSON.stringify(hours)}.`,
      );
    }
    const tenant = engine.tenant(appKey);
    engine.advance(tenant, hours);
    return { status: 200, payload: clockOf(engine, tenant) };
  }
  if (action === 'GET /__sandbox/ledger') {
    const tenant = engine.tenant(appKey);
    const total = tenant.debits.reduce((sum, d) => sum + d.amount, 0);
    return { status: 200, payload: { debits: tenant.debits, total } };
  }
  if (action === 'GET /__sandbox/faults') {
    return { status: 200, payload: { faults: engine.tenant(appKey).faults } };
  }
  if (action === 'POST /__sandbox/faults') {
    const tenant = engine.tenant(appKey);
    const fault = parseFault(context, tenant, body);
    tenant.faultSeq++;
    fault.id = tenant.faultSeq;
    tenant.faults.push(fault);
    engine.touch(tenant);
    return { status: 201, payload: { fault } };
  }
  if (action === 'DELETE /__sandbox/faults') {
    const tenant = engine.tenant(appKey);
    tenant.faults = [];
    engine.touch(tenant);
    return { status: 200, payload: { faults: [] } };
  }
  if (action === 'GET /__sandbox/push-target') {
    const target = engine.tenant(appKey).pushTarget;
    return { status: 200, payload: { url: target?.url ?? null } };
  }
  if (action === 'PUT /__sandbox/push-target') {
    const { url, appSecret } = noBody(body, ['url', 'appSecret']);
    let parsed: URL | undefined;
    try {
      parsed = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new BadRequest(
        `url must be the http(s) URL of your push receiver, e.g. { "url": "http://127.0.0.1:3000/daji/messages" }; got ${JSON.stringify(url)}.`,
      );
    }
    if (appSecret !== undefined && (typeof appSecret !== 'string' || appSecret === '')) {
      throw new BadRequest(
        'appSecret, when given, must be a non-empty string: the secret pushes are signed with.',
      );
    }
    const secret = (appSecret as string | undefined) ?? context.secretOf(appKey);
    if (secret === undefined) {
      throw new BadRequest(
        `The sandbox does not know the secret of appKey ${appKey}, so it cannot sign pushes: send { "url", "appSecret" }, or start the server with this app's appKey and appSecret.`,
      );
    }
    const tenant = engine.tenant(appKey);
    tenant.pushTarget = { url: parsed.href, appSecret: secret };
    engine.touch(tenant);
    context.pusher.resume(tenant);
    return { status: 200, payload: { url: parsed.href } };
  }
  if (action === 'DELETE /__sandbox/push-target') {
    const tenant = engine.tenant(appKey);
    tenant.pushTarget = null;
    engine.touch(tenant);
    return { status: 200, payload: { url: null } };
  }
  if (action === 'GET /__sandbox/deliveries') {
    const deliveries = engine.tenant(appKey).deliveries.map(({ message: _message, ...rest }) => rest);
    return { status: 200, payload: { deliveries } };
  }
  throw new BadRequest(
    `Unknown sandbox action '${action}'. Accepted: ${ROUTES.join(', ')} (each with ?appKey=…).`,
  );
}

function parseFault(context: ControlContext, tenant: Tenant, body: Body | undefined): Fault {
  const { operation, kind, orderId, times, ms } = noBody(body, [
    'operation',
    'kind',
    'orderId',
    'times',
    'ms',
  ]);
  if (typeof operation !== 'string' || !context.operations.includes(operation)) {
    throw new BadRequest(
      `operation must be one of ${context.operations.join(', ')}; got ${JSON.stringify(operation)}.`,
    );
  }
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) {
    throw new BadRequest(`kind must be one of ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`);
  }
  if (PAY_FAULT_KINDS.has(kind as FaultKind) && operation !== 'preparePay') {
    throw new BadRequest(
      `kind ${kind} only applies to operation preparePay (it is about a payment); for ${operation} use timeout, http-500 or latency.`,
    );
  }
  if (
    times !== undefined &&
    !(typeof times === 'number' && Number.isInteger(times) && times >= 1 && times <= 1000)
  ) {
    throw new BadRequest(
      `times must be a whole number from 1 to 1000 (calls the fault applies to; default 1); got ${JSON.stringify(times)}.`,
    );
  }
  if (kind === 'latency') {
    if (!(typeof ms === 'number' && Number.isInteger(ms) && ms >= 1 && ms <= 120_000)) {
      throw new BadRequest(
        `kind latency needs ms, a whole number of milliseconds from 1 to 120000; got ${JSON.stringify(ms)}.`,
      );
    }
  } else if (ms !== undefined) {
    throw new BadRequest(`ms only applies to kind latency; leave it out for ${kind}.`);
  }
  if (orderId !== undefined) {
    if (typeof orderId !== 'string' || !/^\d{1,20}$/.test(orderId)) {
      throw new BadRequest(
        `orderId must be the order id as a string of digits, e.g. "2212345678000000001"; got ${JSON.stringify(orderId)}.`,
      );
    }
    orderOf(context, tenant, orderId);
  }
  return {
    id: 0,
    operation,
    kind: kind as FaultKind,
    orderId: (orderId as string | undefined) ?? null,
    remaining: (times as number | undefined) ?? 1,
    ms: kind === 'latency' ? (ms as number) : null,
  };
}

function orderOf(context: ControlContext, tenant: Tenant, orderId: string): Order {
  const order = tenant.orders.get(orderId);
  if (order) return order;
  const owner = context.engine.ownerOf(orderId);
  if (owner !== undefined) {
    throw new BadRequest(
      `Order ${orderId} belongs to another appKey, not to ${tenant.appKey}: each app sees only its own orders.`,
    );
  }
  throw new BadRequest(
    `No order ${orderId} for appKey ${tenant.appKey}. List the app's orders with GET /__sandbox/orders?appKey=${tenant.appKey}.`,
  );
}

/** The body's fields, after checking that it has no others. */
function noBody(body: Body | undefined, accepted: string[]): Body {
  if (body === undefined) return {};
  const unknown = Object.keys(body).filter((key) => !accepted.includes(key));
  if (unknown.length > 0) {
    throw new BadRequest(
      `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; accepted: ${accepted.length > 0 ? accepted.join(', ') : 'none (send no body)'}.`,
    );
  }
  return body;
}

function clockOf(engine: SandboxEngine, tenant: Tenant) {
  return { now: new Date(engine.now(tenant)).toISOString(), offsetHours: tenant.clockOffsetMs / 3_600_000 };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** An order as the control API shows it: ids as strings, money in fen, sandbox-clock times. */
export function orderSummary(order: Order) {
  return {
    orderId: order.orderId,
    status: order.status,
    totalAmount: order.totalFen,
    productAmount: order.productFen,
    freight: order.freightFen,
    outOrderId: order.outOrderId,
    lines: order.lines.map((l) => ({
      offerId: l.offerId,
      specId: l.specId,
      skuId: l.skuId,
      quantity: l.quantity,
      unitPrice: l.unitPriceFen,
      orderEntryId: l.entryId,
    })),
    createdAt: iso(order.createdAt),
    paidAt: iso(order.paidAt),
    shippedAt: iso(order.shippedAt),
    receivedAt: iso(order.receivedAt),
    closedAt: iso(order.closedAt),
    payChannel: order.payChannel,
    logistics: order.logistics,
  };
}

async function readJson(req: IncomingMessage): Promise<Body | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new BadRequest(
        `The body is larger than ${MAX_BODY} bytes; control requests are small JSON objects.`,
      );
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest('The body is not valid JSON; send a JSON object such as { "hours": 48 }.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest('The body must be a JSON object such as { "hours": 48 }.');
  }
  return parsed as Body;
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
