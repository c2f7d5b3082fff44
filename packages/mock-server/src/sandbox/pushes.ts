// Push delivery: every state change becomes the spec's message for its topic, signed like Daji's pushes,
// and is delivered at least once — retried with capped exponential backoff until the receiver answers
// 200, one message at a time per order so that each order's messages arrive in order.
import { signMessage } from '@daji-openapi/retry-policies';
import { messageText } from '../push.js';
import { messageTime } from './replies.js';
import { clone, isObject, type Json } from './spec-samples.js';
import type { Delivery, Order, Tenant } from './state.js';

export interface PushSettings {
  /** Wait before the first redelivery, ms; it doubles per attempt. Default 1000. */
  firstRetryMs?: number;
  /** Longest wait between attempts, ms. Default 60000. */
  maxRetryMs?: number;
  /** Attempts before a message is marked `failed`. Default 10. */
  maxAttempts?: number;
  /** How long one attempt waits for the receiver, ms. Default 10000. */
  attemptTimeoutMs?: number;
}

export class Pusher {
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly maxAttempts: number;
  private readonly attemptTimeoutMs: number;
  private readonly running = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stop = new AbortController();
  private readonly stopped: Promise<void>;
  private msgSeq = 0;

  constructor(
    private readonly samples: Map<string, Json>,
    private readonly signatureField: string,
    settings: PushSettings,
    private readonly hooks: { isCurrent(tenant: Tenant): boolean; changed(tenant: Tenant): void },
  ) {
    this.firstRetryMs = settings.firstRetryMs ?? 1000;
    this.maxRetryMs = settings.maxRetryMs ?? 60_000;
    this.maxAttempts = settings.maxAttempts ?? 10;
    this.attemptTimeoutMs = settings.attemptTimeoutMs ?? 10_000;
    this.stopped = new Promise((resolve) => this.stop.signal.addEventListener('abort', () => resolve()));
  }

  /** Records the push for a state change and starts delivering it (only when the tenant has a target). */
  enqueue(tenant: Tenant, order: Order, topic: string, currentStatus: string, at: number): void {
    if (!tenant.pushTarget) return;
    const sample = this.samples.get(topic);
    if (!sample) return;
    const message = clone(sample);
    if (isObject(message.data)) {
      message.data.currentStatus = currentStatus;
      message.data.msgSendTime = messageTime(at);
    }
    const msgId = `${Date.now()}${String(this.msgSeq++ % 1000).padStart(3, '0')}`;
    tenant.deliveries.push({
      msgId,
      type: topic,
      orderId: order.orderId,
      message: messageText(message, { msgId, orderId: order.orderId, gmtBorn: at }),
      attempts: 0,
      status: 'pending',
      lastStatus: null,
      lastError: null,
      lastAttemptAt: null,
    });
    this.kick(tenant, order.orderId);
  }

  /** Starts delivering everything still pending (after a restore, or when a target is set). */
  resume(tenant: Tenant): void {
    const orders = new Set(tenant.deliveries.filter((d) => d.status === 'pending').map((d) => d.orderId));
    for (const orderId of orders) this.kick(tenant, orderId);
  }

  close(): void {
    this.stop.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private kick(tenant: Tenant, orderId: string): void {
    const key = `${tenant.appKey}\u0000${orderId}`;
    if (this.running.has(key) || this.stop.signal.aborted) return;
    this.running.add(key);
    void this.deliverAll(tenant, orderId).finally(() => this.running.delete(key));
  }

  /** Delivers the order's pending messages one after the other. */
  private async deliverAll(tenant: Tenant, orderId: string): Promise<void> {
    for (;;) {
      if (this.stop.signal.aborted || !this.hooks.isCurrent(tenant) || !tenant.pushTarget) return;
      const delivery = tenant.deliveries.find((d) => d.orderId === orderId && d.status === 'pending');
      if (!delivery) return;
      const delivered = await this.attempt(tenant, delivery);
      if (delivered) continue;
      if (delivery.attempts >= this.maxAttempts) {
        delivery.status = 'failed';
        this.hooks.changed(tenant);
        continue;
      }
      const wait = Math.min(this.maxRetryMs, this.firstRetryMs * 2 ** (delivery.attempts - 1));
      const waited = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, wait);
        this.timers.add(timer);
      });
      await Promise.race([waited, this.stopped]);
    }
  }

  private async attempt(tenant: Tenant, delivery: Delivery): Promise<boolean> {
    const target = tenant.pushTarget!;
    const body = new URLSearchParams({
      message: delivery.message,
      [this.signatureField]: signMessage({ message: delivery.message, appSecret: target.appSecret }),
    }).toString();
    delivery.attempts++;
    delivery.lastAttemptAt = new Date().toISOString();
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.attemptTimeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.lastStatus = response.status;
      delivery.lastError = response.status === 200 ? null : `the receiver answered HTTP ${response.status}`;
      if (response.status === 200) delivery.status = 'delivered';
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      delivery.lastStatus = null;
      delivery.lastError = `no answer from the receiver: ${cause}`;
    }
    this.hooks.changed(tenant);
    return delivery.status === 'delivered';
  }
}
