import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { CONNECTION_HELP, CONNECTION_OPTIONS, intOption, parse } from '../args.js';
import { connect } from '../connect.js';
import { readConnection } from '../credentials.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { type Io, line } from '../io.js';
import { exitCodeOf, reportError } from '../report.js';

const HELP = `Usage: daji export keyword <keyword> [--pages N | --all] [options] > products.jsonl

Walks the pages of a keyword search with paginate() and writes one JSON line per product:
  {"keyword":"…","pageSize":20,"page":1,"index":0,"product":{…},"detail":{…}}
"detail" (getProductDetail) only with --details. Ids are exact strings.

  --pages N          pages 1..N (default 1)
  --all              every page Daji reports (totalPage)
  --page-size N      products per page, 1-50 (default 20)
  --country CODE     language of the translated fields (default en)
  --details          also fetch each product's detail
  --concurrency N    detail calls in flight, 1-16 (default 4)
  -o, --output FILE  write to FILE instead of standard output
  --resume           continue an interrupted export into --output FILE: a half-written last line is
                     removed, and the walk restarts after the last complete line, so no product is
                     written twice

Progress goes to stderr: a bar on a terminal, one line per page otherwise. Ctrl-C stops after the
line being written; every line in the file is complete. Run the same command with --resume to go on.

${CONNECTION_HELP}

Exit codes: 0 done, 1 Daji refused a page (or some details), 2 usage error, 3 HTTP or network failure,
130 interrupted.`;

/** Where a line came from; every line carries it, so a file is its own checkpoint. */
interface Cursor {
  keyword: string;
  pageSize: number;
  page: number;
  index: number;
}

/**
 * Prepares FILE for --resume: removes a trailing half line, and returns where the last complete line
 * left off (undefined for an empty or missing file).
 */
function resumePoint(file: string, expected: { keyword: string; pageSize: number }): Cursor | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    // Read backwards in chunks until the last newline and the line before it are found.
    let tail = '';
    let position = size;
    let lastNewline = -1;
    while (position > 0) {
      const length = Math.min(65_536, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, position);
      tail = chunk.toString('latin1') + tail;
      lastNewline = tail.lastIndexOf('\n');
      if (lastNewline >= 0 && tail.lastIndexOf('\n', lastNewline - 1) >= 0) break;
      if (lastNewline >= 0 && position === 0) break;
    }
    const completeBytes = lastNewline < 0 ? 0 : position + lastNewline + 1;
    let cursor: Cursor | undefined;
    if (completeBytes > 0) {
      const start = tail.lastIndexOf('\n', lastNewline - 1) + 1;
      const last = Buffer.from(tail.slice(start, lastNewline), 'latin1').toString('utf8');
      let parsed: Partial<Cursor> = {};
      try {
        parsed = JSON.parse(last) as Partial<Cursor>;
      } catch {
        // refused below
      }
      if (
        typeof parsed.keyword !== 'string' ||
        !Number.isInteger(parsed.pageSize) ||
        !Number.isInteger(parsed.page) ||
        !Number.isInteger(parsed.index)
      ) {
        // Checked before anything is cut off: a file that is not ours is left exactly as it was.
        throw new UsageError(
          `--resume: the last line of ${file} is not a line of daji export ({"keyword","pageSize","page","index","product"}); refusing to touch it.`,
        );
      }
      cursor = parsed as Cursor;
      if (cursor.keyword !== expected.keyword || cursor.pageSize !== expected.pageSize) {
        throw new UsageError(
          `--resume: ${file} holds an export of keyword ${JSON.stringify(cursor.keyword)} with --page-size ${cursor.pageSize}; resume it with the same keyword and page size (this command has ${JSON.stringify(expected.keyword)} and ${expected.pageSize}).`,
        );
      }
    }
    // A half line at the end (a process killed hard mid-write) is removed; its product is written again.
    if (completeBytes < size) ftruncateSync(fd, completeBytes);
    return cursor;
  } finally {
    closeSync(fd);
  }
}

export async function runExport(argv: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parse(
      argv,
      {
        ...CONNECTION_OPTIONS,
        pages: { type: 'string' },
        all: { type: 'boolean' },
        'page-size': { type: 'string' },
        country: { type: 'string' },
        details: { type: 'boolean' },
        concurrency: { type: 'string' },
        output: { type: 'string', short: 'o' },
        resume: { type: 'boolean' },
      },
      'export',
    );
    if (values.help) {
      line(io.stdout, HELP);
      return EXIT.ok;
    }
    const [kind, keyword, ...extra] = positionals;
    if (kind !== 'keyword') {
      throw new UsageError(
        kind === undefined
          ? 'what to export? Only `keyword` is supported: daji export keyword <keyword>.'
          : `cannot export ${JSON.stringify(kind)}; only \`keyword\` is supported.`,
        HELP.split('\n')[0],
      );
    }
    if (keyword === undefined || keyword.trim() === '' || extra.length > 0) {
      throw new UsageError('pass one keyword, e.g. daji export keyword 连衣裙 (quote it if it has spaces).');
    }
    if (values.all && values.pages !== undefined)
      throw new UsageError('--pages and --all exclude each other.');
    const lastPage = values.all
      ? Number.POSITIVE_INFINITY
      : intOption(values.pages, 'pages', { min: 1, max: 100_000, fallback: 1 });
    const pageSize = intOption(values['page-size'], 'page-size', { min: 1, max: 50, fallback: 20 });
    const concurrency = intOption(values.concurrency, 'concurrency', { min: 1, max: 16, fallback: 4 });
    const country = values.country ?? 'en';
    if (values.resume && values.output === undefined) {
      throw new UsageError(
        '--resume needs --output FILE: the export reads where FILE left off and appends to it.',
        `e.g. daji export keyword ${keyword} --all -o products.jsonl --resume`,
      );
    }

    const connection = await readConnection(values, io);
    const client = await connect(connection);
    const from = values.resume ? resumePoint(values.output!, { keyword, pageSize }) : undefined;
    const fd = values.output === undefined ? undefined : openSync(values.output, values.resume ? 'a' : 'w');
    const write = (text: string) => {
      // One write call per line: what is in the file is always whole lines.
      if (fd === undefined) io.stdout.write(text);
      else writeSync(fd, text);
    };
    try {
      return await walk({
        io,
        client,
        keyword,
        country,
        pageSize,
        lastPage,
        concurrency,
        details: values.details === true,
        from,
        write,
        target: values.output ?? 'standard output',
      });
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  } catch (error) {
    return reportError(io, 'export', error);
  }
}

interface WalkOptions {
  io: Io;
  client: Awaited<ReturnType<typeof connect>>;
  keyword: string;
  country: string;
  pageSize: number;
  lastPage: number;
  concurrency: number;
  details: boolean;
  from: Cursor | undefined;
  write: (text: string) => void;
  target: string;
}

async function walk(o: WalkOptions): Promise<number> {
  const { io } = o;
  const { paginate } = await import('@daji-openapi/client');
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    controller.abort(new Error('interrupted (Ctrl-C)'));
  };
  process.on('SIGINT', onSigint);
  // Every call of the walk carries the signal, so Ctrl-C ends the call in flight instead of waiting for it.
  const signalled = {
    GET: (path: string, init: Record<string, unknown>) =>
      o.client.GET(path as never, { ...init, signal: controller.signal } as never),
  };
  const startPage = o.from ? o.from.page : 1;
  const skipUpTo = o.from ? o.from.index : -1;
  const progress = await createProgress(io, o.lastPage);
  const started = Date.now();
  let written = 0;
  let pagesDone = 0;
  let detailFailures = 0;
  let failure: unknown;

  if (o.from) {
    line(io.stderr, `daji export: resuming after page ${o.from.page}, product ${o.from.index + 1}`);
  }
  try {
    if (startPage > o.lastPage) return EXIT.ok;
    const walker = paginate(signalled as never, 'keywordSearch', {
      keyword: o.keyword,
      pageSize: o.pageSize,
      country: o.country,
      beginPage: startPage,
    } as never);
    let page = startPage;
    for await (const result of walker.pages()) {
      const items = result.items as Array<{ offerId?: unknown }>;
      const todo = items
        .map((product, index) => ({ product, index }))
        .filter(({ index }) => page !== startPage || index > skipUpTo);
      const emit = (
        product: unknown,
        index: number,
        detail?: { detail?: unknown; detailError?: unknown },
      ) => {
        o.write(
          `${JSON.stringify({ keyword: o.keyword, pageSize: o.pageSize, page, index, product, ...detail })}\n`,
        );
        written += 1;
      };
      if (o.details) {
        detailFailures += await withDetails(o, signalled, todo, emit, () => interrupted);
      } else {
        for (const { product, index } of todo) emit(product, index);
      }
      if (interrupted) break;
      pagesDone += 1;
      progress.update(page, result.totalPage, written);
      if (page >= Math.min(o.lastPage, result.totalPage)) break;
      page += 1;
    }
  } catch (error) {
    if (!interrupted) failure = error;
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(written / seconds) : written;
  line(
    io.stderr,
    `daji export: ${written} products from ${pagesDone} pages written to ${o.target} in ${seconds.toFixed(1)} s (${rate} products/s, ${seconds > 0 ? Math.round(pagesDone / seconds) : pagesDone} pages/s)${detailFailures ? `; ${detailFailures} details failed (their lines carry "detailError")` : ''}`,
  );
  const resumeHint =
    o.target === 'standard output'
      ? 'write to a file with -o FILE to be able to --resume'
      : 'run the same command with --resume to continue';
  if (interrupted) {
    line(io.stderr, `daji export: interrupted; every line written is complete — ${resumeHint}.`);
    return EXIT.interrupted;
  }
  if (failure !== undefined) {
    const code = reportError(io, 'export', failure);
    line(io.stderr, `daji export: stopped; every line written is complete — ${resumeHint}.`);
    return code;
  }
  return detailFailures > 0 ? EXIT.business : EXIT.ok;
}

/**
 * Fetches the details of one page's products with up to `concurrency` calls in flight, writing lines in
 * page order as soon as the ones before them are written. Returns how many details failed.
 */
async function withDetails(
  o: WalkOptions,
  client: { GET: (path: string, init: Record<string, unknown>) => Promise<unknown> },
  todo: Array<{ product: { offerId?: unknown }; index: number }>,
  emit: (product: unknown, index: number, detail: { detail?: unknown; detailError?: unknown }) => void,
  stopped: () => boolean,
): Promise<number> {
  const results: Array<{ detail?: unknown; detailError?: unknown } | undefined> = new Array(todo.length);
  let next = 0;
  let flushed = 0;
  let failures = 0;
  let halted = false;
  const flush = () => {
    while (flushed < todo.length && results[flushed] !== undefined && !stopped() && !halted) {
      const item = todo[flushed]!;
      emit(item.product, item.index, results[flushed]!);
      flushed += 1;
    }
  };
  async function worker(): Promise<void> {
    while (next < todo.length && !stopped() && !halted) {
      const i = next++;
      const offerId = todo[i]!.product.offerId;
      const result = (await client
        .GET('/alibaba/product/queryProductDetail', {
          params: { query: { offerId: Number(offerId), country: o.country } },
        })
        .catch((error: unknown) => ({ error }))) as {
        data?: { data?: unknown };
        error?: Error & { code?: unknown };
      };
      if (stopped() || halted) return;
      if (result.error) {
        // A transport failure stops the export (it would fail for every product); a refusal of one
        // product (removed offer …) is recorded on its line.
        if (exitCodeOf(result.error) !== EXIT.business) {
          halted = true;
          throw result.error;
        }
        failures += 1;
        results[i] = {
          detail: null,
          detailError: { name: result.error.name, code: result.error.code, message: result.error.message },
        };
      } else {
        results[i] = { detail: result.data?.data ?? null };
      }
      flush();
    }
  }
  await Promise.all(Array.from({ length: Math.min(o.concurrency, todo.length) }, worker));
  return failures;
}

interface Progress {
  update(page: number, totalPage: number, written: number): void;
  stop(): void;
}

/** A bar on a terminal; otherwise one plain line per page, so logs stay readable. */
async function createProgress(io: Io, lastPage: number): Promise<Progress> {
  if (!io.stderr.isTTY) {
    return {
      update(page, totalPage, written) {
        const of = Math.min(lastPage, totalPage);
        line(io.stderr, `page ${page}/${of}: ${written} products`);
      },
      stop() {},
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as NodeJS.WritableStream as never,
      format: 'export |{bar}| page {value}/{total} · {products} products · {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(page, totalPage, written) {
      const total = Math.min(lastPage, totalPage);
      if (!started) {
        bar.start(total, 0, { products: 0 });
        started = true;
      }
      bar.setTotal(total);
      bar.update(page, { products: written });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
