import { hash } from 'node:crypto';
import { joinCanonical, type SignPair } from '@daji-openapi/retry-policies';

/** The one app the mock knows, as configured with `verifySignature` or `--app-key`/`--app-secret`. */
export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

// Prism's per-request switches (`?__code=`, `?__example=`, `?__dynamic=`, `?__seed=`) are not Daji
// parameters: a sign computed with or without them is accepted.
const PRISM_SWITCH = /^__/;
const SHOWN_VALUE_LENGTH = 48;
const CREDENTIALS: ReadonlySet<string> = new Set(['appSecret', 'sign']);

/**
 * Checks a request's parameters the way Daji does (reference §2.2, §3.2) and returns why they are rejected,
 * or undefined when they pass. The returned message never contains the app secret.
 */
export function signatureFailure(pairs: readonly SignPair[], app: AppCredentials): string | undefined {
  const appKey = paramValue(pairs, 'appKey');
  const appSecret = paramValue(pairs, 'appSecret');
  const sign = paramValue(pairs, 'sign');
  if (appKey === undefined || appKey === '') {
    return "Required parameter 'appKey' is not present. Send your Daji appKey with every request: in the query for GET, as a form field for multipart, as a top-level JSON property for JSON POST.";
  }
  if (appKey !== app.appKey) {
    return `Unknown appKey '${masked(appKey, app.appSecret)}': no app with this key exists. Check the appKey you configured.`;
  }
  if (appSecret !== undefined) {
    // Daji's debug mode: the raw secret stands in for the sign.
    if (appSecret === app.appSecret) return undefined;
    return "Parameter 'appSecret' does not match this app's secret. Send the app's real secret while debugging, or sign the request with 'sign' instead (recommended).";
  }
  if (sign === undefined || sign === '') {
    return "Required parameter 'sign' is not present. Sign every request: the upper-case MD5 hex of the sorted 'key=value' pairs joined by '&', followed by '&secret=<appSecret>'. (While debugging, 'appSecret' may be sent instead.)";
  }

  const signed = pairs.filter(([key]) => key !== 'sign');
  const expected = signOf(signed, app.appSecret);
  if (sign === expected) return undefined;
  const withoutSwitches = signed.filter(([key]) => !PRISM_SWITCH.test(key));
  if (withoutSwitches.length < signed.length && sign === signOf(withoutSwitches, app.appSecret))
    return undefined;

  if (sign.toUpperCase() === expected) {
    return "Parameter 'sign' must be upper-case hex: the MD5 matches, but Daji compares it exactly. Upper-case the hex digest.";
  }
  return `Parameter 'sign' does not match the request: expected the upper-case MD5 hex of '${shownCanonicalString(signed, app.appSecret)}' with your app secret in place of <appSecret>. Sign the raw (not URL-encoded) values exactly as sent, keep empty strings, drop only null.`;
}

/**
 * The debug `appSecret` swapped for a `sign` computed with it, so that Prism validates the request like a
 * signed one and the secret never reaches Prism or its logs. Undefined when there is nothing to swap.
 */
export function withoutDebugSecret(
  pairs: readonly SignPair[],
): { drop: ReadonlySet<string>; add: SignPair[] } | undefined {
  const appSecret = paramValue(pairs, 'appSecret');
  if (appSecret === undefined) return undefined;
  const sign = paramValue(pairs, 'sign');
  const rest = pairs.filter(([key]) => !CREDENTIALS.has(key));
  return { drop: CREDENTIALS, add: [['sign', sign || signOf(rest, appSecret || '-')]] };
}

/** Daji's sign over pairs that exclude `sign`: upper-case hex MD5 of the canonical string. */
function signOf(pairs: readonly SignPair[], appSecret: string): string {
  return hash('md5', joinCanonical(pairs, appSecret), 'hex').toUpperCase();
}

/**
 * A value as it may be shown: the configured secret, sent under any name (`AppSecret`, `secret`, as the
 * appKey …) or inside a longer value, is replaced by a placeholder.
 */
export function masked(value: string, appSecret: string): string {
  return value.split(appSecret).join('<appSecret>');
}

/** The string Daji hashes, with long values shortened and any secret replaced by a placeholder. */
function shownCanonicalString(pairs: readonly SignPair[], appSecret: string): string {
  const shown = pairs.map(([name, raw]): SignPair => {
    const key = masked(name, appSecret);
    if (key === 'appSecret') return [key, '<appSecret>'];
    const value = masked(raw, appSecret);
    if (value.length > SHOWN_VALUE_LENGTH)
      return [key, `${value.slice(0, SHOWN_VALUE_LENGTH)}…(${value.length} chars)`];
    return [key, value];
  });
  return joinCanonical(shown, '<appSecret>');
}

function paramValue(pairs: readonly SignPair[], key: string): string | undefined {
  return pairs.find(([name]) => name === key)?.[1];
}
