/** The error an aborted signal stands for: its `reason`, or a standard AbortError when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * A signal that aborts when any of `signals` does (AbortSignal.any, which older browsers and Node < 20.3
 * lack). The returned `dispose` detaches the listeners once the work is done.
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  const already = present.find((s) => s.aborted);
  if (already) {
    controller.abort(abortReason(already));
    return { signal: controller.signal, dispose() {} };
  }
  const listeners = present.map((s) => {
    const listener = () => controller.abort(abortReason(s));
    s.addEventListener('abort', listener, { once: true });
    return () => s.removeEventListener('abort', listener);
  });
  return {
    signal: controller.signal,
    dispose() {
      for (const remove of listeners) remove();
    },
  };
}

export function isAbortLike(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'DajiAbortError';
}
