import { CONNECTION_HELP, CONNECTION_OPTIONS, parse } from '../args.js';
import { connect } from '../connect.js';
import { type Connection, missingCredentials, readConnection } from '../credentials.js';
import { EXIT } from '../exit-codes.js';
import { type Io, line } from '../io.js';
import { exitCodeOf, reportError } from '../report.js';

const HELP = `Usage: daji doctor [--json] [options]

Makes one cheap signed call (getCategory categoryID=0) and says in plain words whether your
credentials work, and if not why: credentials missing, secret wrong (signature refused), app not
activated, network/DNS/TLS failure. It also compares your clock with the server's and says when the
base URL is the mock server or the sandbox. The secret and the signature are never printed.

  --json   the diagnosis as one JSON object

${CONNECTION_HELP}

Exit codes: 0 a signed call succeeded, 1 Daji refused (secret wrong, app not activated, other
refusal), 2 credentials missing, 3 no usable answer (network, DNS, TLS, timeout, not a Daji server).`;

interface Finding {
  check: string;
  ok: boolean;
  /** What was seen, in plain words. */
  detail: string;
  /** What to do about it. */
  fix?: string;
}

interface ErrorLike {
  name: string;
  message: string;
  code?: number | string;
  httpStatus?: number;
  traceId?: string;
  cause?: unknown;
}

/** The innermost system error code (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED …) under a fetch failure. */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const c = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (
      typeof c.code === 'string' &&
      /^[A-Z_]+$/.test(c.code) &&
      !/^(NETWORK|TIMEOUT|ABORTED)$/.test(c.code)
    ) {
      return c.code;
    }
    current = c.cause ?? c.errors?.[0];
  }
  return undefined;
}

// Daji's wording for an app that was created but not activated: 请创建应用，再联系平台进行激活.
const NOT_ACTIVATED = /激活|not (been )?activated/i;

/** Turns the error of the signed call into a finding that says what is wrong and how to fix it. */
function diagnose(error: ErrorLike, connection: Connection): Finding {
  const host = safeHost(connection.baseUrl);
  if (error.name === 'DajiBusinessError') {
    if (NOT_ACTIVATED.test(error.message)) {
      return {
        check: 'activation',
        ok: false,
        detail: `the signature was accepted, but Daji says the app is not activated: ${error.message}`,
        fix: `Ask Daji to activate app key ${connection.appKey} (Daji console → your application, or Daji support; quote the traceId). Calls succeed once it is.`,
      };
    }
    return {
      check: 'signed call',
      ok: false,
      detail: `the signature was accepted, but Daji refused the call: ${error.message}`,
      fix: 'Quote the traceId to Daji support if the message does not say what to change.',
    };
  }
  if (error.name === 'DajiHttpError') {
    if (error.httpStatus === 400 && /sign|appKey|app key|secret/i.test(error.message)) {
      const unknownKey =
        /appKey/i.test(error.message) && !/'sign'|"sign"|\bsign\b.*does not match/i.test(error.message);
      return {
        check: 'signature',
        ok: false,
        detail: unknownKey
          ? `Daji does not know app key ${connection.appKey} (HTTP 400): ${error.message}`
          : `Daji refused the signature (HTTP 400): the app secret does not belong to app key ${connection.appKey}. Daji said: ${error.message.replace(/^Daji answered HTTP \d+ to [^:]+: /, '')}`,
        fix: unknownKey
          ? 'Copy the app key again from the Daji console; check DAJI_APP_KEY / --app-key.'
          : 'Copy the app secret again from the Daji console into DAJI_APP_SECRET (or the --app-secret-file), with no extra spaces.',
      };
    }
    if (error.httpStatus === 400) {
      return {
        check: 'signed call',
        ok: false,
        detail: `HTTP 400 from ${host}: ${error.message}`,
        fix: 'If the message mentions the signature, check the secret; otherwise the base URL may not be Daji.',
      };
    }
    return {
      check: 'server',
      ok: false,
      detail: `HTTP ${error.httpStatus} from ${host}: ${error.message}`,
      fix:
        error.httpStatus === 404
          ? `${connection.baseUrl} does not serve the Daji API; check --base-url / DAJI_BASE_URL (Daji: https://openapi.dajisaas.com).`
          : (error.httpStatus ?? 0) >= 500
            ? 'Daji had a server error; try again in a minute and quote the traceId to Daji support if it persists.'
            : 'Check --base-url / DAJI_BASE_URL.',
    };
  }
  if (error.name === 'DajiTimeoutError') {
    return {
      check: 'network',
      ok: false,
      detail: `no complete answer from ${host} in time: ${error.message}`,
      fix: 'Check your network or proxy; raise --timeout if the link is slow.',
    };
  }
  const code = systemCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      check: 'DNS',
      ok: false,
      detail: `the name ${host} does not resolve (${code}).`,
      fix: 'Check the spelling of --base-url / DAJI_BASE_URL and your DNS or proxy settings.',
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      check: 'network',
      ok: false,
      detail: `nothing accepts connections at ${host} (ECONNREFUSED).`,
      fix: 'Is the server running? For a local mock: npx daji-mock --app-key … ; otherwise check --base-url.',
    };
  }
  if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) {
    return {
      check: 'TLS',
      ok: false,
      detail: `the TLS certificate of ${host} was not accepted (${code}).`,
      fix: 'A proxy or firewall may intercept HTTPS: set NODE_EXTRA_CA_CERTS to its CA, or check the clock (certificates have validity dates).',
    };
  }
  return {
    check: 'network',
    ok: false,
    detail: `no answer from ${host}${code ? ` (${code})` : ''}: ${error.message}`,
    fix: 'Check your network, proxy and --base-url.',
  };
}

function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Is the server the mock or the sandbox? One signed GET of a path Daji does not have: the sandbox's
 * control API lists the app's orders there, the mock names itself in its `X-Daji-Mock` header, Daji just
 * says 404. Signed, because the mock checks signatures before it routes.
 */
async function detectServer(client: Awaited<ReturnType<typeof connect>>): Promise<Finding | undefined> {
  let answer: { data?: unknown; error?: { envelope?: unknown; body?: unknown }; response?: Response };
  try {
    answer = (await client.GET('/__sandbox/orders' as never, { timeoutMs: 5000 } as never)) as typeof answer;
  } catch {
    // Detection is a courtesy; the signed call already said whether the server answers.
    return undefined;
  }
  const payload = answer.error?.envelope ?? answer.error?.body ?? answer.data;
  const text = JSON.stringify(payload ?? null);
  if (/^\{"orders":\[/.test(text) || (payload as { orders?: unknown } | null)?.orders !== undefined) {
    return {
      check: 'server',
      ok: true,
      detail: 'the daji-mock sandbox: orders, payments and pushes are simulated; no real money moves.',
    };
  }
  if (answer.response?.headers.get('x-daji-mock') === 'examples') {
    return {
      check: 'server',
      ok: true,
      detail: "the daji-mock server (Prism): answers are the spec's examples; nothing is real.",
    };
  }
  return undefined;
}

export async function runDoctor(argv: string[], io: Io): Promise<number> {
  let json = false;
  try {
    const { values } = parse(argv, { ...CONNECTION_OPTIONS, json: { type: 'boolean' } }, 'doctor');
    json = values.json === true;
    if (values.help) {
      line(io.stdout, HELP);
      return EXIT.ok;
    }
    const connection = await readConnection(values, io);
    const findings: Finding[] = [
      { check: 'base URL', ok: true, detail: `${connection.baseUrl} (${connection.sources.baseUrl})` },
    ];
    const finish = (code: number, verdict: string) => {
      if (json) {
        line(
          io.stdout,
          JSON.stringify({
            ok: code === EXIT.ok,
            exitCode: code,
            baseUrl: connection.baseUrl,
            appKey: connection.appKey,
            findings,
            verdict,
          }),
        );
      } else {
        for (const f of findings) {
          line(io.stdout, `${f.ok ? '✓' : '✗'} ${f.check.padEnd(12)} ${f.detail}`);
          if (f.fix) line(io.stdout, `  ${' '.repeat(12)} → ${f.fix}`);
        }
        line(io.stdout, '');
        line(io.stdout, verdict);
      }
      return code;
    };

    const missing = missingCredentials(connection);
    findings.push({
      check: 'app key',
      ok: connection.appKey !== undefined,
      detail:
        connection.appKey !== undefined ? `${connection.appKey} (${connection.sources.appKey})` : 'not set',
      ...(connection.appKey === undefined && { fix: 'Set DAJI_APP_KEY or pass --app-key KEY.' }),
    });
    findings.push({
      check: 'app secret',
      ok: connection.appSecret !== undefined,
      detail:
        connection.appSecret !== undefined
          ? `set (${connection.sources.appSecret}; never printed)`
          : 'not set',
      ...(connection.appSecret === undefined && {
        fix: 'Set DAJI_APP_SECRET or pass --app-secret-file FILE (never the secret itself as an argument).',
      }),
    });
    if (missing.length > 0) return finish(EXIT.usage, 'Not checked: credentials are missing.');

    const client = await connect(connection);
    const started = Date.now();
    let result: { data?: { traceId?: string }; error?: ErrorLike; response?: Response };
    try {
      result = (await client.GET('/alibaba/category/get', {
        params: { query: { categoryID: 0 } },
      })) as typeof result;
    } catch (error) {
      result = { error: error as ErrorLike };
    }
    const elapsed = Date.now() - started;
    const server = result.error && !result.response ? undefined : await detectServer(client);

    if (result.error) {
      const diagnosis = diagnose(result.error, connection);
      findings.push(diagnosis);
      if (server) findings.push(server);
      const traceId = result.error.traceId;
      // A refused signature is Daji's answer about the credentials, not a transport failure.
      const code = diagnosis.check === 'signature' ? EXIT.business : exitCodeOf(result.error);
      return finish(
        code,
        `Not working (${diagnosis.check}): no signed call succeeded.${traceId ? ` traceId ${traceId}` : ''}`,
      );
    }
    findings.push({
      check: 'signed call',
      ok: true,
      detail: `getCategory categoryID=0 answered code 200 in ${elapsed} ms${result.data?.traceId ? `, traceId ${result.data.traceId}` : ''}`,
    });
    const serverDate = Date.parse(result.response?.headers.get('date') ?? '');
    if (Number.isFinite(serverDate)) {
      // The Date header has whole seconds; compare with the middle of the call.
      const offsetS = Math.round((Date.now() - elapsed / 2 - serverDate) / 1000);
      findings.push({
        check: 'clock',
        ok: Math.abs(offsetS) <= 60,
        detail:
          Math.abs(offsetS) <= 60
            ? `within a minute of the server's clock (${offsetS >= 0 ? '+' : ''}${offsetS} s)`
            : `${Math.abs(offsetS)} s ${offsetS > 0 ? 'ahead of' : 'behind'} the server's clock`,
        ...(Math.abs(offsetS) > 60 && {
          fix: 'Daji signatures carry no time, so calls still work, but message timestamps and your logs will disagree; enable NTP.',
        }),
      });
    }
    if (server) findings.push(server);
    return finish(EXIT.ok, `OK: a signed call succeeded with app key ${connection.appKey}.`);
  } catch (error) {
    return reportError(io, 'doctor', error, json);
  }
}
