import { signMessage } from '@daji-openapi/retry-policies';

/**
 * A ready `application/x-www-form-urlencoded` push body (`message=…&_dj_signature=…`), as Daji posts
 * it, signed with 1688's push scheme — for tests of your receiver and for local simulations.
 *
 * @example
 * await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
 *   body: signMessageBody({ message: JSON.stringify(sample), appSecret }) });
 */
export function signMessageBody({ message, appSecret }: { message: string; appSecret: string }): string {
  if (typeof message !== 'string' || message === '') {
    throw new TypeError('signMessageBody: message must be the message JSON text (a non-empty string).');
  }
  return new URLSearchParams({ message, _dj_signature: signMessage({ message, appSecret }) }).toString();
}
