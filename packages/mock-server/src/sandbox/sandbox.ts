// The sandbox put together: engine, operations, pushes, control API and the state file, behind the two
// hooks the mock's request listener calls.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DajiRequest } from '../daji-request.js';
import type { HttpOperation } from '../request-listener.js';
import { springError } from '../spring-error.js';
import { type Catalogue, loadCatalogueFile, parseCatalogue, seededCatalogue } from './catalogue.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import { SandboxEngine, type SandboxTimings } from './engine.js';
import { SandboxOperations } from './operations.js';
import { loadState, StateWriter, stateText } from './persistence.js';
import { type PrismMock, sandboxMock } from './prism-mock.js';
import { Pusher, type PushSettings } from './pushes.js';
import { isObject, readSpecSamples, SANDBOX_OPERATIONS, type SandboxOperation } from './spec-samples.js';

export interface SandboxOptions extends SandboxTimings {
  /** Products to sell: a JSON file path, or the parsed `{ products: [...] }`. Default: a seeded catalogue. */
  catalogue?: string | object;
  /** Save the state to this file after every change and restore it on start. Default: memory only. */
  stateFile?: string;
  /** Push redelivery timing. */
  push?: PushSettings;
  /** Called when the state file cannot be written (the sandbox keeps serving). Default: a line on stderr. */
  onStateError?: (error: Error) => void;
}

/** What the request listener asks the sandbox. */
export interface SandboxHooks {
  /** Answers a /__sandbox/ control request; undefined when the path is not one. */
  control(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> | undefined;
  /** Answers a valid Daji request from the sandbox's state; undefined when the operation is not the sandbox's. */
  answer(request: DajiRequest, res: ServerResponse): Promise<string | undefined> | undefined;
  /** Prism's mocker, minus the example Prism would build for a request the sandbox answers itself. */
  mock: PrismMock;
  /** Stops pushes and writes the state file one last time. */
  close(): Promise<void>;
}

export function createSandbox(
  options: SandboxOptions,
  operations: readonly HttpOperation[],
  document: unknown,
  secrets: Map<string, string>,
): SandboxHooks {
  checkTimings(options);
  const samples = readSpecSamples(operations, document);
  const catalogue: Catalogue =
    typeof options.catalogue === 'string'
      ? loadCatalogueFile(options.catalogue)
      : options.catalogue !== undefined
        ? parseCatalogue(options.catalogue)
        : seededCatalogue(samples.templates);

  let writer: StateWriter | undefined;
  const onStateError =
    options.onStateError ??
    ((error: Error) =>
      process.stderr.write(`daji-mock sandbox: could not save the state: ${error.message}\n`));
  // The engine reports pushes and changes to the pusher and the writer, which are created just below.
  const engine: SandboxEngine = new SandboxEngine(catalogue, options, {
    push: (tenant, order, topic, status, at) => pusher.enqueue(tenant, order, topic, status, at),
    changed: () => writer?.changed(),
  });
  const pusher: Pusher = new Pusher(samples.messages, samples.signatureField, options.push ?? {}, {
    isCurrent: (tenant) => engine.tenants.get(tenant.appKey) === tenant,
    changed: () => writer?.changed(),
  });

  if (options.stateFile) {
    const loaded = loadState(options.stateFile);
    for (const tenant of loaded?.tenants ?? []) {
      const url = loaded?.pushTargets.get(tenant.appKey);
      const secret = secrets.get(tenant.appKey);
      if (url && secret) tenant.pushTarget = { url, appSecret: secret };
      engine.tenants.set(tenant.appKey, tenant);
    }
    writer = new StateWriter(options.stateFile, () => stateText(engine.tenants.values()), onStateError);
    for (const tenant of engine.tenants.values()) pusher.resume(tenant);
  }

  const served = new Set<string>(SANDBOX_OPERATIONS.filter((name) => samples.templates.has(name)));
  const answers = new SandboxOperations(engine, samples.templates);
  const faultable = [...new Set([...samples.routes.values()])].filter((name) => served.has(name));

  return {
    mock: sandboxMock((operationId) => served.has(operationId)),
    control(req, res) {
      const url = req.url ?? '/';
      if (!url.startsWith(CONTROL_PREFIX)) return undefined;
      return handleControl(
        { engine, pusher, operations: faultable, secretOf: (appKey) => secrets.get(appKey) },
        req,
        res,
      );
    },
    answer(request, res) {
      const operation = samples.routes.get(`${request.method} ${request.path}`);
      if (operation === undefined || !served.has(operation)) return undefined;
      const appKey = request.pairs.find(([name]) => name === 'appKey')?.[1] ?? '';
      const params = request.method === 'get' ? request.query : isObject(request.body) ? request.body : {};
      return answers.answer(operation as SandboxOperation, appKey, params).then((answer) => {
        if ('hold' in answer) return `sandbox fault: no answer (${operation})`;
        res.statusCode = answer.status;
        const body =
          answer.status === 500
            ? JSON.stringify(springError(500, `Sandbox fault http-500 on ${operation}.`, request.path))
            : answer.body;
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body);
        return answer.status === 500 ? 'sandbox fault: http-500' : undefined;
      });
    },
    async close() {
      pusher.close();
      await writer?.flush();
    },
  };
}

function checkTimings(options: SandboxOptions): void {
  for (const name of ['shipAfterHours', 'autoConfirmDays', 'unpaidCloseHours'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new TypeError(
        `startMockServer: 'sandbox.${name}' must be a number above 0, got ${String(value)}.`,
      );
    }
  }
  const push = options.push ?? {};
  for (const name of ['firstRetryMs', 'maxRetryMs', 'maxAttempts', 'attemptTimeoutMs'] as const) {
    const value = push[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
      throw new TypeError(
        `startMockServer: 'sandbox.push.${name}' must be a whole number above 0, got ${String(value)}.`,
      );
    }
  }
}
