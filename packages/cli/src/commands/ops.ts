import { parse } from '../args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { type Io, line } from '../io.js';
import { describeField, fieldsOf, loadOperations, type Operation } from '../operations.js';
import { reportError } from '../report.js';
import { validParameters } from '../request.js';

const HELP = `Usage: daji ops [operationId] [--json]

Lists every operation of the Daji spec with its parameters (* = required). With an operationId, shows
that operation's parameters with descriptions and an example body.

  --json   the operation table as JSON (operationId, method, path, summary, query, body)`;

export async function runOps(argv: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 'ops');
    if (values.help) {
      line(io.stdout, HELP);
      return EXIT.ok;
    }
    const operations = loadOperations();
    let shown: Operation[] = operations;
    if (positionals.length > 1) throw new UsageError('ops takes at most one operationId.', HELP);
    if (positionals[0] !== undefined) {
      const operation = findOperation(positionals[0]);
      shown = [operation];
      if (!values.json) {
        printOne(io, operation);
        return EXIT.ok;
      }
    }
    if (values.json) {
      line(io.stdout, JSON.stringify(shown, null, 2));
      return EXIT.ok;
    }
    const width = Math.max(...operations.map((o) => o.operationId.length));
    for (const operation of shown) {
      line(
        io.stdout,
        `${operation.operationId.padEnd(width)}  ${operation.method.padEnd(4)} ${operation.path}  ${operation.summary}`,
      );
      const fields = fieldsOf(operation);
      if (fields.length > 0) {
        line(io.stdout, `${' '.repeat(width)}  ${fields.map(describeField).join(' ')}`);
      }
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(io, 'ops', error);
  }
}

function printOne(io: Io, operation: Operation): void {
  line(io.stdout, `${operation.operationId}: ${operation.summary}`);
  line(
    io.stdout,
    `${operation.method} ${operation.path}${operation.body ? ` (${operation.body.contentType} body)` : ''}`,
  );
  line(io.stdout, '');
  line(io.stdout, validParameters(operation));
  if (operation.body?.example) {
    line(io.stdout, '');
    line(io.stdout, 'Example body (for --body FILE):');
    line(io.stdout, JSON.stringify(operation.body.example, null, 2));
  }
}

/** The operation with this id, or a UsageError listing them (with the closest names first). */
export function findOperation(operationId: string): Operation {
  const operations = loadOperations();
  const found = operations.find((o) => o.operationId === operationId);
  if (found) return found;
  const lower = operationId.toLowerCase();
  const close = operations.filter(
    (o) => o.operationId.toLowerCase().includes(lower) || lower.includes(o.operationId.toLowerCase()),
  );
  throw new UsageError(
    `unknown operation ${JSON.stringify(operationId)}${close.length ? `; did you mean ${close.map((o) => o.operationId).join(' or ')}?` : '.'}`,
    `The operations are:\n  ${operations.map((o) => o.operationId).join('\n  ')}\nRun \`daji ops\` to see their parameters.`,
  );
}
