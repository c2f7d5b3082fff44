import { EXIT } from './exit-codes.js';
import { type Io, line } from './io.js';

export const USAGE = `daji — the Daji 1688 open platform from the terminal

Usage: daji <command> [options]

Commands:
  doctor                      check credentials with one signed call and explain what is wrong
  call <operationId> [k=v …]  call any operation; prints its data as JSON, 19-digit ids exact
  ops                         list every operation with its parameters
  pay <orderId>               pay an order password-free, with the bounded verify-before-retry policy
  export keyword <keyword>    export search results as JSON lines (--all, --details, --resume)
  listen                      receive push messages locally, verify and print them (--forward-to URL)
  completion bash|zsh         print a shell completion script

Credentials come from DAJI_APP_KEY and DAJI_APP_SECRET (or --app-key and --app-secret-file);
DAJI_BASE_URL or --base-url points daji at the mock server or the sandbox.

Exit codes: 0 success, 1 Daji refused (business failure), 2 usage error, 3 HTTP or network failure.
Run \`daji <command> --help\` for a command's options.`;

export const COMMANDS = ['doctor', 'call', 'ops', 'pay', 'export', 'listen', 'completion'] as const;
type Command = (typeof COMMANDS)[number];

type Runner = (argv: string[], io: Io) => Promise<number>;

const load: Record<Command, () => Promise<Runner>> = {
  doctor: async () => (await import('./commands/doctor.js')).runDoctor,
  call: async () => (await import('./commands/call.js')).runCall,
  ops: async () => (await import('./commands/ops.js')).runOps,
  pay: async () => (await import('./commands/pay.js')).runPay,
  export: async () => (await import('./commands/export.js')).runExport,
  listen: async () => (await import('./commands/listen.js')).runListen,
  completion: async () => (await import('./commands/completion.js')).runCompletion,
};

/** Runs `daji …` (argv without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && rest[0] && (COMMANDS as readonly string[]).includes(rest[0])) {
      return main([rest[0], '--help'], io);
    }
    line(first === undefined ? io.stderr : io.stdout, USAGE);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    line(io.stdout, pkg.version);
    return EXIT.ok;
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    line(
      io.stderr,
      `daji: unknown command ${JSON.stringify(first)}; the commands are ${COMMANDS.join(', ')}.`,
    );
    line(io.stderr, 'Run `daji --help` for usage.');
    return EXIT.usage;
  }
  const run = await load[first as Command]();
  return run(rest, io);
}
