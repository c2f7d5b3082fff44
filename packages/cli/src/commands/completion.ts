import { EXIT, UsageError } from '../exit-codes.js';
import { type Io, line } from '../io.js';
import { COMMANDS } from '../main.js';
import { loadOperations } from '../operations.js';
import { reportError } from '../report.js';

const HELP = `Usage: daji completion bash|zsh

Prints a completion script for commands, flags and operationIds. Install it with e.g.
  daji completion bash > ~/.local/share/bash-completion/completions/daji
  daji completion zsh > "\${fpath[1]}/_daji"`;

const FLAGS: Record<string, string> = {
  doctor: '--json --header --base-url --app-key --app-secret-file --timeout --help',
  call: '--body --envelope --compact --json --header --base-url --app-key --app-secret-file --timeout --help',
  ops: '--json --help',
  pay: '--max-retries --deadline --json --base-url --app-key --app-secret-file --timeout --help',
  export:
    '--pages --all --page-size --country --details --concurrency --output --resume --json --base-url --app-key --app-secret-file --timeout --help',
  listen:
    '--port --host --path --forward-to --json --base-url --app-key --app-secret-file --no-register --help',
  completion: 'bash zsh',
};

export async function runCompletion(argv: string[], io: Io): Promise<number> {
  try {
    const [shell] = argv;
    if (shell === '--help' || shell === '-h') {
      line(io.stdout, HELP);
      return EXIT.ok;
    }
    if (shell !== 'bash' && shell !== 'zsh')
      throw new UsageError('completion needs a shell: bash or zsh.', HELP);
    const ops = loadOperations()
      .map((o) => o.operationId)
      .join(' ');
    const cases = Object.entries(FLAGS)
      .map(
        ([command, flags]) =>
          `    ${command}) words="${flags}${command === 'call' || command === 'ops' ? ` ${ops}` : ''}" ;;`,
      )
      .join('\n');
    const bash = `# daji completion (bash)
_daji() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${COMMANDS.join(' ')} --help --version" -- "$cur") ); return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    *) words="--help" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _daji daji`;
    line(
      io.stdout,
      shell === 'bash' ? bash : `#compdef daji\nautoload -U bashcompinit && bashcompinit\n${bash}`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportError(io, 'completion', error);
  }
}
