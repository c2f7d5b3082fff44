// Entry of the `daji` command. Kept tiny on purpose: `daji --help` must start fast, so each command
// (and the client it pulls in) is imported only when it runs.
import { processIo } from './io.js';
import { main } from './main.js';

// `daji ops | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `daji: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);
