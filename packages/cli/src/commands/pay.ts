import { CONNECTION_HELP, CONNECTION_OPTIONS, intOption, parse } from '../args.js';
import { connect } from '../connect.js';
import { readConnection } from '../credentials.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { type Io, line } from '../io.js';
import { reportError } from '../report.js';

const HELP = `Usage: daji pay <orderId> [--max-retries N] [--deadline MS] [--json] [options]

Pays a 1688 order password-free with payOrder from @daji-openapi/retry-policies: at most 1 + N
preparePay calls, and before every retry a read of the order, because a debit can succeed even when
the answer was lost. Prints one line per preparePay attempt and per order check, the outcome last.

  --max-retries N  retries after the first attempt, 0-3 (default 3)
  --deadline MS    no attempt starts after this many milliseconds
  --json           one JSON object per line: {"event":"attempt"|"check"|"outcome", …}

${CONNECTION_HELP}

Exit codes: 0 paid, 1 not paid (the order's state is known), 2 usage error,
3 unknown (no evidence either way: check the order by hand and quote the traceIds to Daji).

Ctrl-C stops after the call in flight; the outcome then says "unknown (aborted)".`;

const ORDER_ID = /^\d{1,20}$/;

/** The status an order detail answer carries, whichever of Daji's shapes it came in. */
function orderStatusOf(result: unknown): string | undefined {
  const data = (result as { data?: { data?: Record<string, unknown> } } | undefined)?.data?.data;
  const baseInfo = ((data?.result as Record<string, unknown> | undefined)?.baseInfo ?? data?.baseInfo) as
    | { status?: unknown }
    | undefined;
  return typeof baseInfo?.status === 'string' ? baseInfo.status : undefined;
}

export async function runPay(argv: string[], io: Io): Promise<number> {
  let json = false;
  try {
    const { values, positionals } = parse(
      argv,
      {
        ...CONNECTION_OPTIONS,
        'max-retries': { type: 'string' },
        deadline: { type: 'string' },
        json: { type: 'boolean' },
      },
      'pay',
    );
    json = values.json === true;
    if (values.help) {
      line(io.stdout, HELP);
      return EXIT.ok;
    }
    const [orderId, ...extra] = positionals;
    if (orderId === undefined || extra.length > 0) {
      throw new UsageError('pass exactly one order id, e.g. daji pay 2257164624870311973.');
    }
    if (!ORDER_ID.test(orderId)) {
      throw new UsageError(
        `order id ${JSON.stringify(orderId)} is not a 1688 order id: expected up to 20 digits.`,
      );
    }
    const maxRetries = intOption(values['max-retries'], 'max-retries', { min: 0, max: 3, fallback: 3 });
    const deadlineMs =
      values.deadline === undefined
        ? undefined
        : intOption(values.deadline, 'deadline', { min: 1, max: 3_600_000, fallback: 0 });

    const client = await connect(await readConnection(values, io));
    const { payOrder, ORDER_DETAIL_PATH } = await import('@daji-openapi/retry-policies');
    const emit = (event: Record<string, unknown>, text: string) =>
      line(io.stdout, json ? JSON.stringify(event) : text);

    // payOrder reports its preparePay attempts itself; its order checks are seen by wrapping the client.
    let checks = 0;
    const observed = {
      async POST(path: string, init: unknown) {
        const result = await client.POST(path as never, init as never);
        if (path === ORDER_DETAIL_PATH) {
          checks += 1;
          const failed = (result as { error?: { name: string; message: string; traceId?: string } }).error;
          const traceId = (result as { data?: { traceId?: string } }).data?.traceId ?? failed?.traceId;
          const status = orderStatusOf(result);
          emit(
            { event: 'check', check: checks, orderStatus: status, error: failed?.name, traceId },
            `check ${checks}: getOrderDetail → ${failed ? `${failed.name}: ${failed.message}` : `order status ${status ?? '(none)'}`}${traceId ? `  traceId ${traceId}` : ''}`,
          );
        }
        return result;
      },
    };

    const controller = new AbortController();
    const onSigint = () => controller.abort(new Error('interrupted (Ctrl-C)'));
    process.once('SIGINT', onSigint);
    let outcome: Awaited<ReturnType<typeof payOrder>>;
    try {
      outcome = await payOrder(observed as never, {
        orderId,
        maxRetries,
        ...(deadlineMs !== undefined && { deadlineMs }),
        signal: controller.signal,
        onAttempt(attempt) {
          const retry =
            attempt.delayMs !== undefined ? `; order check, then retry in ${attempt.delayMs} ms` : '';
          const facts = [
            attempt.code !== undefined ? `code ${attempt.code}` : undefined,
            attempt.httpStatus !== undefined ? `HTTP ${attempt.httpStatus}` : undefined,
            attempt.traceId ? `traceId ${attempt.traceId}` : undefined,
          ].filter(Boolean);
          emit(
            { event: 'attempt', ...attempt },
            `attempt ${attempt.attempt}: preparePay → ${attempt.reason}${retry}${facts.length ? `  ${facts.join(', ')}` : ''}`,
          );
        },
      });
    } finally {
      process.off('SIGINT', onSigint);
    }
    const summary = `${outcome.status} (${outcome.reason}): order ${outcome.orderId}, ${outcome.attempts} preparePay ${outcome.attempts === 1 ? 'call' : 'calls'}, ${outcome.orderChecks} order ${outcome.orderChecks === 1 ? 'check' : 'checks'}${outcome.orderStatus ? `, order status ${outcome.orderStatus}` : ''}${outcome.channel ? `, paid by ${outcome.channel}` : ''}`;
    emit({ event: 'outcome', ...outcome }, `outcome: ${summary}`);
    if (outcome.status !== 'paid' && !json) {
      if (outcome.lastError?.message) line(io.stdout, `  last error: ${outcome.lastError.message}`);
      if (outcome.traceIds.length > 0) line(io.stdout, `  traceIds: ${outcome.traceIds.join(' ')}`);
    }
    return outcome.status === 'paid' ? EXIT.ok : outcome.status === 'failed' ? EXIT.business : EXIT.transport;
  } catch (error) {
    return reportError(io, 'pay', error, json);
  }
}
