// `daji-mock sandbox …`: steers a running sandbox from the command line through its control API.
import { parseArgs } from 'node:util';

export interface SandboxCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  fetch: typeof fetch;
  env: Record<string, string | undefined>;
}

const USAGE = `Usage: daji-mock sandbox <command> [arguments] [options]

Steers a running sandbox (daji-mock --sandbox) for one app key.

Commands:
  orders                          list the app's orders
  ship ORDER_ID                   ship a paid order now (logistics filled in)
  advance HOURS                   move the app's sandbox clock forward, e.g. 48
  ledger                          list the debits, in fen
  fault OPERATION KIND            fail the next call(s) of an operation, e.g. fault preparePay debit-then-timeout
        [--order-id ID] [--times N] [--ms MS]
                                  KIND: timeout, http-500, not-enabled, insufficient-balance,
                                  debit-then-timeout, debit-then-error, latency (needs --ms)
  reset                           forget the app's orders, ledger, clock, faults and pushes

Options:
  --url URL       the sandbox           default DAJI_BASE_URL, else http://127.0.0.1:4010
  --app-key KEY   the app               default DAJI_APP_KEY
  --json          print the control API's JSON answer as it is
  --help          show this help`;

const COMMANDS = ['orders', 'ship', 'advance', 'ledger', 'fault', 'reset'];

/** Runs `daji-mock sandbox …` (argv after the word "sandbox"); resolves to the process exit code. */
export async function runSandboxCommand(argv: string[], io: Partial<SandboxCliIo> = {}): Promise<number> {
  const { out, err, fetch: send, env } = { ...defaultIo(), ...io };
  const usage = (reason: string) => {
    err(`daji-mock sandbox: ${reason}\n\n${USAGE}`);
    return 2;
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const [command, ...args] = positionals;
  if (command === undefined) return usage('a command is required.');
  if (!COMMANDS.includes(command))
    return usage(`unknown command '${command}'; one of ${COMMANDS.join(', ')}.`);
  const appKey = values['app-key'] ?? env.DAJI_APP_KEY;
  if (!appKey) return usage('--app-key is required (or set DAJI_APP_KEY): the app whose sandbox to steer.');
  const base = (values.url ?? env.DAJI_BASE_URL ?? 'http://127.0.0.1:4010').replace(/\/+$/, '');

  const expectArgs = (n: number, names: string) =>
    args.length === n
      ? undefined
      : usage(
          `${command} takes ${n === 0 ? 'no arguments' : names}; got ${args.length === 0 ? 'none' : args.join(' ')}.`,
        );

  let request: { method: string; path: string; body?: unknown };
  switch (command) {
    case 'orders':
    case 'ledger':
    case 'reset': {
      const bad = expectArgs(0, '');
      if (bad !== undefined) return bad;
      request = command === 'reset' ? { method: 'POST', path: 'reset' } : { method: 'GET', path: command };
      break;
    }
    case 'ship': {
      const bad = expectArgs(1, 'ORDER_ID');
      if (bad !== undefined) return bad;
      request = { method: 'POST', path: `orders/${encodeURIComponent(args[0]!)}/ship` };
      break;
    }
    case 'advance': {
      const bad = expectArgs(1, 'HOURS');
      if (bad !== undefined) return bad;
      const hours = Number(args[0]);
      if (args[0]!.trim() === '' || !Number.isFinite(hours))
        return usage(`advance takes a number of hours, e.g. 48; got '${args[0]}'.`);
      request = { method: 'POST', path: 'clock/advance', body: { hours } };
      break;
    }
    default: {
      const bad = expectArgs(2, 'OPERATION KIND');
      if (bad !== undefined) return bad;
      const body: Record<string, unknown> = { operation: args[0], kind: args[1] };
      if (values['order-id'] !== undefined) body.orderId = values['order-id'];
      for (const name of ['times', 'ms'] as const) {
        const value = values[name];
        if (value === undefined) continue;
        if (!/^\d+$/.test(value)) return usage(`--${name} takes a whole number; got '${value}'.`);
        body[name] = Number(value);
      }
      request = { method: 'POST', path: 'faults', body };
    }
  }

  const url = `${base}/__sandbox/${request.path}?appKey=${encodeURIComponent(appKey)}`;
  let response: Response;
  let payload: Record<string, unknown>;
  try {
    response = await send(url, {
      method: request.method,
      ...(request.body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
      }),
      signal: AbortSignal.timeout(30_000),
    });
    payload = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    err(
      `daji-mock sandbox: no sandbox answered at ${base} (${cause}). Start one with daji-mock --sandbox, or pass --url.`,
    );
    return 1;
  }
  if (!response.ok) {
    err(`daji-mock sandbox: ${String(payload.error ?? `HTTP ${response.status}`)}`);
    return 1;
  }
  if (values.json) {
    out(JSON.stringify(payload, null, 2));
    return 0;
  }
  for (const line of describe(command, payload, appKey)) out(line);
  return 0;
}

function describe(command: string, payload: Record<string, unknown>, appKey: string): string[] {
  const yuan = (fen: unknown) => `¥${(Number(fen) / 100).toFixed(2)}`;
  switch (command) {
    case 'orders': {
      const orders = payload.orders as {
        orderId: string;
        status: string;
        totalAmount: number;
        createdAt: string;
      }[];
      if (orders.length === 0) return [`no orders for ${appKey}`];
      return orders.map(
        (o) =>
          `${o.orderId}  ${o.status.padEnd(16)}  ${yuan(o.totalAmount).padStart(10)}  created ${o.createdAt}`,
      );
    }
    case 'ledger': {
      const debits = payload.debits as { orderId: string; amount: number; channel: string; at: string }[];
      return [
        ...debits.map((d) => `${d.at}  ${d.orderId}  ${yuan(d.amount).padStart(10)}  ${d.channel}`),
        `${debits.length} debit${debits.length === 1 ? '' : 's'}, total ${yuan(payload.total)}`,
      ];
    }
    case 'ship': {
      const order = payload.order as {
        orderId: string;
        status: string;
        logistics: { companyName: string; billNo: string };
      };
      return [
        `${order.orderId} shipped: ${order.status}, ${order.logistics.companyName} ${order.logistics.billNo}`,
      ];
    }
    case 'advance':
      return [`sandbox clock of ${appKey} is now ${String(payload.now)} (+${String(payload.offsetHours)} h)`];
    case 'fault': {
      const f = payload.fault as {
        kind: string;
        operation: string;
        remaining: number;
        orderId: string | null;
      };
      return [
        `fault #${String((payload.fault as { id: number }).id)}: ${f.kind} on the next ${f.remaining} ${f.operation} call${f.remaining === 1 ? '' : 's'}${f.orderId ? ` for order ${f.orderId}` : ''}`,
      ];
    }
    default:
      return [`sandbox of ${appKey} reset`];
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'app-key': { type: 'string' },
      'order-id': { type: 'string' },
      times: { type: 'string' },
      ms: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function defaultIo(): SandboxCliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    fetch: globalThis.fetch,
    env: process.env,
  };
}
