// Figure 9: the sandbox (`daji-mock --sandbox`) against examples mode (`daji-mock`) in the same run, and the
// memory of a sandbox process whose one tenant holds 10,000 orders.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { signParams } from '@daji-openapi/retry-policies';
import autocannon from 'autocannon';
import {
  APP_KEY,
  APP_SECRET,
  benchDir,
  KEYWORD_PATH,
  keywordQuery,
  specJsonPath,
  tmpDir,
} from './fixtures.js';
import { type Child, freePort, memoryMb, startChild, waitFor200 } from './processes.js';
import type { FigureResult, Row } from './report.js';
import { interleaved, nowMs, quick, ROUNDS, summarize } from './stats.js';

const CONNECTIONS = 16;
const RUN_SECONDS = quick ? 1 : 2;
const ORDERS = quick ? 2_000 : 10_000;
const CREATE_CONCURRENCY = 16;

const require = createRequire(join(benchDir, 'package.json'));
const dajiMockBin = join(
  dirname(require.resolve('@daji-openapi/mock-server/package.json')),
  'bin/daji-mock.js',
);

type Mode = 'sandbox' | 'examples';
const LABEL: Record<Mode, string> = {
  sandbox: '`daji-mock --sandbox`',
  examples: '`daji-mock` (examples mode)',
};

const params = { appKey: APP_KEY, ...keywordQuery };
const keywordPath = `${KEYWORD_PATH}?${new URLSearchParams({
  ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
  sign: signParams(params, APP_SECRET),
})}`;

async function start(mode: Mode, extraArgs: string[] = []): Promise<{ child: Child; base: string }> {
  const port = await freePort();
  const t0 = nowMs();
  const args = [
    dajiMockBin,
    '--port',
    String(port),
    '--quiet',
    '--spec',
    specJsonPath,
    '--app-key',
    APP_KEY,
    '--app-secret',
    APP_SECRET,
  ];
  if (mode === 'sandbox') args.push('--sandbox', ...extraArgs);
  const child = startChild(process.execPath, args, { cwd: benchDir });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${base}${keywordPath}`, t0, 30_000, child);
  } catch (error) {
    await child.stop();
    throw new Error(`figure 9: ${LABEL[mode]} did not become ready: ${(error as Error).message}`);
  }
  return { child, base };
}

function signedBody(body: Record<string, unknown>): string {
  const withKey = { ...body, appKey: APP_KEY };
  return JSON.stringify({ ...withKey, sign: signParams(withKey, APP_SECRET) });
}

const OFFER_ID = 670291644950;
const SPEC_ID = 'b6f1d2c3a4e5f60718293a4b5c6d7e8f';

function deepCatalogue(): string {
  const file = join(tmpDir, 'sandbox-catalogue.json');
  mkdirSync(tmpDir, { recursive: true });
  const sku = { specId: SPEC_ID, skuId: 1234567890121, price: '12.50', stock: 1_000_000_000 };
  writeFileSync(file, JSON.stringify({ products: [{ offerId: OFFER_ID, subject: '连衣裙', skus: [sku] }] }));
  return file;
}

let third = 0;
function createBody(): string {
  return signedBody({
    flow: 'general',
    thirdOrderId: `bench-${process.pid}-${++third}`,
    message: '',
    addressParam: {
      fullName: '张三',
      mobile: '13800000000',
      phone: '',
      postCode: '310000',
      provinceText: '浙江省',
      cityText: '杭州市',
      areaText: '西湖区',
      townText: '',
      address: '文三路 100 号',
      districtCode: '330106',
    },
    cargoParamList: [{ offerId: OFFER_ID, specId: SPEC_ID, quantity: 2 }],
  });
}

async function createOrder(base: string): Promise<string> {
  const response = await fetch(`${base}/alibaba/trade/createCrossOrder`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: createBody(),
  });
  const text = await response.text();
  const id = /"orderId":"?(\d{19})/.exec(text)?.[1];
  if (!response.ok || !id)
    throw new Error(`figure 9: createOrder answered ${response.status} ${text.slice(0, 300)}`);
  return id;
}

/** CPU time (user + system) a process has used so far, in ms; Linux only, undefined elsewhere. */
function cpuMs(pid: number): number | undefined {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux); the name may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Server CPU µs per answered request over the load runs; steadier than req/s when other work shares the cores. */
const cpuPerRequest: Record<string, number[]> = {};

async function load(
  url: string,
  seconds: number,
  body?: string,
  pid?: number,
  label?: string,
): Promise<number> {
  const before = pid === undefined ? undefined : cpuMs(pid);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    ...(body !== undefined && { method: 'POST', body, headers: { 'content-type': 'application/json' } }),
  } as Parameters<typeof autocannon>[0]);
  if (result.errors > 0 || result.non2xx > 0 || result['2xx'] === 0) {
    throw new Error(
      `figure 9: load on ${url} got ${result.non2xx} non-2xx answers and ${result.errors} errors`,
    );
  }
  const after = pid === undefined ? undefined : cpuMs(pid);
  if (label && before !== undefined && after !== undefined) {
    cpuPerRequest[label] = [...(cpuPerRequest[label] ?? []), ((after - before) * 1000) / result['2xx']];
  }
  return result['2xx'] / result.duration;
}

export async function sandbox(): Promise<FigureResult> {
  const started = nowMs();
  const servers = {} as Record<Mode, { child: Child; base: string }>;
  let search: Record<Mode, number[]>;
  let detail: Record<Mode, number[]>;
  const detailBody = {} as Record<Mode, string>;
  try {
    for (const mode of ['sandbox', 'examples'] as Mode[]) servers[mode] = await start(mode);
    // The sandbox reads a real order; examples mode answers the spec's example for any valid id.
    const orderId = await createOrder(servers.sandbox.base);
    for (const mode of ['sandbox', 'examples'] as Mode[])
      detailBody[mode] = signedBody({ orderId, webSite: '1688' });
    const run =
      (mode: Mode, kind: 'search' | 'detail', measured = true) =>
      () => {
        const pid = measured ? servers[mode].child.proc.pid : undefined;
        return kind === 'search'
          ? load(`${servers[mode].base}${keywordPath}`, RUN_SECONDS, undefined, pid, `${kind} ${mode}`)
          : load(
              `${servers[mode].base}/alibaba/trade/get/buyerView`,
              RUN_SECONDS,
              detailBody[mode],
              pid,
              `${kind} ${mode}`,
            );
      };
    for (const mode of ['sandbox', 'examples'] as Mode[]) await run(mode, 'search', false)();
    search = await interleaved(
      { sandbox: run('sandbox', 'search'), examples: run('examples', 'search') },
      ROUNDS,
    );
    detail = await interleaved(
      { sandbox: run('sandbox', 'detail'), examples: run('examples', 'detail') },
      ROUNDS,
    );
  } finally {
    for (const mode of ['sandbox', 'examples'] as Mode[]) await servers[mode]?.child.stop();
  }

  // Memory: a fresh sandbox, one tenant, ORDERS orders created through the API.
  // Orders take their units out of the stock, so the memory run sells from a catalogue deep enough for
  // all of them: the one product the orders buy, in stock by the billion.
  const fresh = await start('sandbox', ['--catalogue', deepCatalogue()]);
  let rss: { rss: number; peak: number };
  let createPerSecond: number;
  try {
    const baseline = memoryMb(fresh.child.proc.pid!);
    const t0 = nowMs();
    let made = 0;
    await Promise.all(
      Array.from({ length: CREATE_CONCURRENCY }, async () => {
        while (made < ORDERS) {
          made++;
          await createOrder(fresh.base);
        }
      }),
    );
    createPerSecond = ORDERS / ((nowMs() - t0) / 1000);
    const listed = await fetch(`${fresh.base}/__sandbox/orders?appKey=${APP_KEY}`).then(
      (r) => r.json() as Promise<{ orders: unknown[] }>,
    );
    if (listed.orders.length !== ORDERS)
      throw new Error(`figure 9: expected ${ORDERS} orders, the sandbox lists ${listed.orders.length}`);
    // Let the garbage of the creation burst go before reading the resident set.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    rss = memoryMb(fresh.child.proc.pid!);
    rss = { ...rss, peak: Math.max(rss.peak, baseline.peak) };
  } finally {
    await fresh.child.stop();
  }

  const rows: Row[] = [
    {
      figure: `req/s at ${CONNECTIONS} connections, signed keyword search: ${LABEL.sandbox} vs ${LABEL.examples}`,
      unit: 'req/s',
      ours: summarize(search.sandbox),
      baseline: summarize(search.examples),
      target: { kind: 'ratio-min', value: 0.8 },
    },
    {
      figure: `req/s at ${CONNECTIONS} connections, signed order detail (POST JSON): ${LABEL.sandbox} vs ${LABEL.examples}`,
      unit: 'req/s',
      ours: summarize(detail.sandbox),
      baseline: summarize(detail.examples),
      target: { kind: 'ratio-min', value: 0.8 },
    },
    {
      figure: `RSS of ${LABEL.sandbox} holding ${ORDERS.toLocaleString('en-US')} orders of one app`,
      unit: 'MB',
      ours: summarize([rss.rss]),
      target: { kind: 'max', value: 200 },
      note: `peak ${rss.peak.toFixed(0)} MB; created at ${createPerSecond.toFixed(0)} orders/s over HTTP with ${CREATE_CONCURRENCY} in flight`,
    },
  ];
  const cpuNotes = (['search', 'detail'] as const).flatMap((kind) => {
    const ours = cpuPerRequest[`${kind} sandbox`];
    const base = cpuPerRequest[`${kind} examples`];
    if (!ours?.length || !base?.length) return [];
    const sandboxCpu = summarize(ours).median;
    const examplesCpu = summarize(base).median;
    return [
      `Server CPU per ${kind === 'search' ? 'keyword search' : 'order detail'} (median of the runs): sandbox ${sandboxCpu.toFixed(0)} µs, examples mode ${examplesCpu.toFixed(0)} µs (${(sandboxCpu / examplesCpu).toFixed(2)}×).`,
    ];
  });
  return {
    id: 9,
    title: 'Sandbox',
    about:
      'The stateful sandbox against examples mode: the same CLI, spec, signature checks and requests; and the memory of one tenant with many orders.',
    rows,
    notes: [
      `Throughput: autocannon with ${CONNECTIONS} connections for ${RUN_SECONDS} s per run, runs of the two servers interleaved; only 2xx answers counted. ` +
        'The order detail reads an order the sandbox created (examples mode answers its example). ' +
        `Memory: a fresh \`daji-mock --sandbox\`, ${ORDERS.toLocaleString('en-US')} createOrder calls through the API, then one RSS reading after 1 s.`,
      ...cpuNotes,
    ],
    elapsedMs: nowMs() - started,
  };
}
