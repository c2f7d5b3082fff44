/** The exit codes every command shares, so scripts can branch on them. */
export const EXIT = {
  /** The command did what was asked (a signed call succeeded, the order is paid …). */
  ok: 0,
  /** Daji answered, but refused: a business failure (envelope `code` ≠ 200), or a diagnosis found a problem. */
  business: 1,
  /** The command line was wrong: unknown command, operation or parameter, missing credentials. */
  usage: 2,
  /** No usable answer: HTTP 4xx/5xx, network, DNS, TLS or timeout. */
  transport: 3,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** A mistake on the command line: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** Shown after the message, e.g. the valid parameters or `daji call --help`. */
    readonly hint?: string,
  ) {
    super(message);
  }
}
