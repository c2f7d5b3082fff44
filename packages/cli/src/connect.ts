import type { DajiClient } from '@daji-openapi/client';
import { type Connection, CredentialsError, missingCredentials } from './credentials.js';

/** The typed client for a connection; throws a CredentialsError when the key or secret is missing. */
export async function connect(connection: Connection): Promise<DajiClient<false>> {
  const missing = missingCredentials(connection);
  if (missing.length > 0) throw new CredentialsError(missing.join('\n'));
  const [{ createDajiClient }, { specChecks }] = await Promise.all([
    import('@daji-openapi/client'),
    import('@daji-openapi/client/spec-checks'),
  ]);
  try {
    return createDajiClient({
      appKey: connection.appKey!,
      appSecret: connection.appSecret!,
      baseUrl: connection.baseUrl,
      ...(connection.timeoutMs !== undefined && { timeoutMs: connection.timeoutMs }),
      ...(connection.headers && { headers: connection.headers }),
      // Every rule the spec declares, the same checks `daji call` runs before it connects.
      checks: specChecks,
    });
  } catch (error) {
    // createDajiClient names the option and never its value; say it in terms of our flags.
    const message = error instanceof Error ? error.message : String(error);
    throw new CredentialsError(
      message.replace('createDajiClient: options.baseUrl', '--base-url (or DAJI_BASE_URL)'),
    );
  }
}
