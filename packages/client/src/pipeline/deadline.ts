/**
 * One deadline and one abort signal per call, shared by every stage after the checks: the limiter's wait,
 * each attempt, the backoff between attempts and the reading of the answer.
 */

export interface Deadline {
  /** Aborts when the time is up or the caller aborts. */
  readonly signal: AbortSignal;
  /** When the time is up, in `Date.now()` milliseconds. */
  readonly at: number;
  /** Whether the time ran out (as opposed to the caller aborting). */
  readonly timedOut: boolean;
  /** `work`, or a rejection as soon as the deadline passes or the caller aborts — even if `work` ignores signals. */
  race<T>(work: Promise<T>): Promise<T>;
  /** Stops the timer and lets go of the caller's signal. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, caller: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  const { signal } = controller;
  // Made on the first race only: a fetch that honours the signal needs none.
  let aborted: Promise<never> | undefined;
  let stop: ((reason: unknown) => void) | undefined;
  let timedOut = false;
  const abort = (reason?: unknown) => {
    controller.abort(reason);
    stop?.(signal.reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, timeoutMs);
  const forward = () => abort(caller!.reason);
  caller?.addEventListener('abort', forward, { once: true });
  return {
    signal,
    at: Date.now() + timeoutMs,
    get timedOut() {
      return timedOut;
    },
    race(work) {
      if (!aborted) {
        // Settled by abort() itself: a listener on the signal would cost more than this.
        aborted = new Promise<never>((_, reject) => {
          stop = reject;
        });
        aborted.catch(() => {}); // only raced, never awaited alone
        if (signal.aborted) stop!(signal.reason);
      }
      return Promise.race([work, aborted]);
    },
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', forward);
    },
  };
}
