import type { components, webhooks } from '../generated/daji.js';

/** Topic names the spec describes, e.g. `ORDER_BUYER_VIEW_ORDER_PAY`. */
export type DajiMessageType = keyof webhooks;

/** The parsed message the spec gives for a topic: its member of the `PushMessage` union, by `type`. */
type SpecMessage<T extends DajiMessageType> = Extract<components['schemas']['PushMessage'], { type: T }>;

/**
 * `msgId` is a long on the wire; the handler always hands it over as an exact decimal string, so
 * de-duplication keys never depend on how the sender wrote it.
 */
type Received<M> = Omit<M, 'msgId'> & { msgId: string };

/**
 * A push message of a topic the spec knows, discriminated on `type`:
 * `switch (message.type)` narrows `message.data` to that topic's payload.
 */
export type DajiMessage = { [T in DajiMessageType]: Received<SpecMessage<T>> }[DajiMessageType];

/** The message of one topic, e.g. `DajiMessageOf<'ORDER_BUYER_VIEW_ORDER_PAY'>`. */
export type DajiMessageOf<T extends DajiMessageType> = Extract<DajiMessage, { type: T }>;

type SharedFields = Omit<components['schemas']['MessageBase'], 'msgId' | 'type' | 'data'>;

/**
 * A message whose topic is not in the spec (1688 has more topics than Daji is known to relay). It is
 * passed through rather than refused; only `msgId` and `type` are guaranteed.
 */
export type UnknownDajiMessage = Partial<SharedFields> & { msgId: string; type: string; data?: unknown };

/** What `onMessage` receives. Narrow it with `isKnownMessage`, then `switch (message.type)`. */
export type AnyDajiMessage = DajiMessage | UnknownDajiMessage;

/** Every topic the spec describes, at run time. */
export const DAJI_MESSAGE_TYPES = [
  'ORDER_BUYER_VIEW_BUYER_MAKE',
  'ORDER_BUYER_VIEW_ORDER_PAY',
  'ORDER_BATCH_PAY',
  'ORDER_BUYER_VIEW_ORDER_STEP_PAY',
  'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS',
  'ORDER_BUYER_VIEW_PART_PART_SENDGOODS',
  'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS',
  'ORDER_BUYER_VIEW_ORDER_SUCCESS',
  'ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  'ORDER_BUYER_VIEW_MODIFY_MEMO',
  'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES',
  'ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES',
  'LOGISTICS_BUYER_VIEW_TRACE',
  'LOGISTICS_MAIL_NO_CHANGE',
] as const satisfies readonly DajiMessageType[];

// The list above is written out because types do not exist at run time; these checks make the build
// fail if it and the spec ever disagree, in either direction.
type ExpectNever<T extends never> = T;
type Listed = (typeof DAJI_MESSAGE_TYPES)[number];
export type _EveryTopicListed = ExpectNever<Exclude<DajiMessageType, Listed>>;
// Each webhook's name must be the `type` its message carries, or narrowing on `type` would lie.
export type _NamesMatchTypes = ExpectNever<
  { [T in DajiMessageType]: SpecMessage<T>['type'] extends T ? never : T }[DajiMessageType]
>;

const known: ReadonlySet<string> = new Set(DAJI_MESSAGE_TYPES);

/**
 * True when the message's topic is one the spec describes, narrowing it to `DajiMessage`.
 *
 * @example
 * if (!isKnownMessage(msg)) return log('unhandled topic', msg.type);
 * switch (msg.type) { case 'ORDER_BUYER_VIEW_ORDER_PAY': markPaid(msg.data.orderId); break; }
 */
export function isKnownMessage(message: AnyDajiMessage): message is DajiMessage {
  return known.has(message.type);
}
