// What `daji-mock` and `daji-mock proxy` do once their options are checked: start, say where, serve until
// Ctrl-C, stop cleanly.

/**
 * Starts a server, prints `listening(server)`, serves until SIGINT or SIGTERM, then closes it and prints
 * `stopped(server)`. Resolves with the exit code: 0 after a clean stop, 1 when it could not start or could
 * not stop cleanly. `name` begins every message, e.g. `daji-mock proxy`.
 */
export async function serveUntilStopped<Server extends { close(): Promise<unknown> }>(
  name: string,
  start: () => Promise<Server>,
  listening: (server: Server) => string,
  stopped?: (server: Server) => void,
): Promise<number> {
  // Listen for Ctrl-C before starting, so a signal that arrives during startup still ends in a clean stop.
  // Later signals (pnpm and turbo forward Ctrl-C to the whole process group) do not interrupt the stop.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });

  let server: Server;
  try {
    server = await start();
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}`);
    return 1;
  }
  console.log(listening(server));

  const signal = await stopSignal;
  console.log(`${name}: ${signal}, stopping`);
  try {
    await server.close();
  } catch (error) {
    console.error(`${name}: could not stop cleanly: ${(error as Error).message}`);
    return 1;
  }
  stopped?.(server);
  return 0;
}
