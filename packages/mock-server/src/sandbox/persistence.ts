// `--state FILE`: the sandbox's tenants saved after every change (a temporary file, then a rename, so the
// file is always whole) and restored on start. A file that is not a sandbox state is refused, untouched.
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { isObject } from './spec-samples.js';
import {
  type Debit,
  type Delivery,
  emptyTenant,
  FAULT_KINDS,
  type Fault,
  type Order,
  type Tenant,
} from './state.js';

const FORMAT = 'daji-openapi/sandbox-state';
const VERSION = 1;
const STATUSES = new Set(['waitbuyerpay', 'waitsellersend', 'waitbuyerreceive', 'success', 'cancel']);

export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

interface SavedTenant {
  appKey: string;
  clockOffsetMs: number;
  orderSeq: number;
  msgSeq: number;
  faultSeq: number;
  orders: Order[];
  debits: Debit[];
  faults: Fault[];
  /** The receiver URL only: the signing secret is never written to disk. */
  pushTarget: { url: string } | null;
  deliveries: Delivery[];
}

export interface LoadedState {
  tenants: Tenant[];
  /** appKey → the saved receiver URL; the server re-arms it when it knows the app's secret. */
  pushTargets: Map<string, string>;
}

/** Reads a state file; undefined when it does not exist yet. Throws StateFileError for anything else. */
export function loadState(file: string): LoadedState | undefined {
  if (!existsSync(file)) return undefined;
  const refuse = (why: string): never => {
    throw new StateFileError(
      `--state ${file}: ${why}. The file was left untouched; move it away, or choose another --state path to start empty.`,
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return refuse(`not a sandbox state file (${(error as Error).message})`);
  }
  if (!isObject(parsed) || parsed.format !== FORMAT) {
    return refuse(`not a sandbox state file (expected "format": "${FORMAT}")`);
  }
  if (parsed.version !== VERSION)
    return refuse(
      `state version ${String(parsed.version)} is not supported (this sandbox reads version ${VERSION})`,
    );
  if (!Array.isArray(parsed.tenants)) return refuse('"tenants" is not an array');
  const pushTargets = new Map<string, string>();
  const tenants = parsed.tenants.map((saved, i) => {
    const at = `tenants[${i}]`;
    if (
      !isObject(saved) ||
      typeof saved.appKey !== 'string' ||
      !Array.isArray(saved.orders) ||
      !Array.isArray(saved.debits)
    ) {
      return refuse(`${at} is not a saved tenant (appKey, orders, debits…)`);
    }
    const tenant = emptyTenant(saved.appKey);
    for (const key of ['clockOffsetMs', 'orderSeq', 'msgSeq', 'faultSeq'] as const) {
      const value = saved[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse(`${at}.${key} is not a number`);
      tenant[key] = value;
    }
    saved.orders.forEach((order, j) => {
      if (
        !isObject(order) ||
        typeof order.orderId !== 'string' ||
        !/^\d{19}$/.test(order.orderId) ||
        !STATUSES.has(String(order.status)) ||
        !Array.isArray(order.lines)
      ) {
        refuse(`${at}.orders[${j}] is not a saved order`);
      }
      tenant.orders.set(String((order as { orderId: string }).orderId), order as unknown as Order);
    });
    tenant.debits = saved.debits as Debit[];
    tenant.faults = (Array.isArray(saved.faults) ? saved.faults : []).filter(
      (f): f is Fault => isObject(f) && FAULT_KINDS.includes(f.kind as Fault['kind']),
    );
    tenant.deliveries = (Array.isArray(saved.deliveries) ? saved.deliveries : []) as Delivery[];
    const target = saved.pushTarget;
    if (isObject(target) && typeof target.url === 'string') pushTargets.set(tenant.appKey, target.url);
    tenant.nextDueAt = Number.NEGATIVE_INFINITY; // settle once on first use
    return tenant;
  });
  return { tenants, pushTargets };
}

export function stateText(tenants: Iterable<Tenant>): string {
  const saved: SavedTenant[] = [...tenants].map((t) => ({
    appKey: t.appKey,
    clockOffsetMs: t.clockOffsetMs,
    orderSeq: t.orderSeq,
    msgSeq: t.msgSeq,
    faultSeq: t.faultSeq,
    orders: [...t.orders.values()],
    debits: t.debits,
    faults: t.faults,
    pushTarget: t.pushTarget ? { url: t.pushTarget.url } : null,
    deliveries: t.deliveries,
  }));
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    savedAt: new Date().toISOString(),
    tenants: saved,
  });
}

/** Writes the state after changes: one write at a time, the newest state each time. */
export class StateWriter {
  private dirty = false;
  private writing: Promise<void> | undefined;
  private readonly temp: string;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => string,
    private readonly onError: (error: Error) => void,
  ) {
    this.temp = `${file}.${process.pid}.tmp`;
  }

  changed(): void {
    this.dirty = true;
    this.writing ??= this.writeLoop();
  }

  /** Resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeFile(this.temp, this.snapshot());
        await rename(this.temp, this.file);
      }
    } catch (error) {
      // A failed write or rename leaves no half-written temporary file beside the state file.
      await rm(this.temp, { force: true }).catch(() => {});
      this.onError(error as Error);
    } finally {
      this.writing = undefined;
    }
  }
}
