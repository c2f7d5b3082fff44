/**
 * Schema names the spec used before they were renamed, kept so that code reading
 * `components['schemas']['CreateOrderResponse']` still compiles. The old names were those other code
 * generators give their own per-operation types (`<Operation>Response`, `<Operation>Request`), so a
 * project generating from the spec with them got clashing names.
 */
import type { components } from './generated/daji.js';

type Schemas = components['schemas'];

export interface RenamedSchemas {
  /** @deprecated Renamed to `OrderCancellationRequest`. */
  CancelOrderRequest: Schemas['OrderCancellationRequest'];
  /** @deprecated Renamed to `OrderCancellationResponse`. */
  CancelOrderResponse: Schemas['OrderCancellationResponse'];
  /** @deprecated Renamed to `ReceiptConfirmationRequest`. */
  ConfirmReceiptRequest: Schemas['ReceiptConfirmationRequest'];
  /** @deprecated Renamed to `ReceiptConfirmationResponse`. */
  ConfirmReceiptResponse: Schemas['ReceiptConfirmationResponse'];
  /** @deprecated Renamed to `OrderCreationRequest`. */
  CreateOrderRequest: Schemas['OrderCreationRequest'];
  /** @deprecated Renamed to `OrderCreationResponse`. */
  CreateOrderResponse: Schemas['OrderCreationResponse'];
  /** @deprecated Renamed to `OrderDetailRequest`. */
  GetOrderDetailRequest: Schemas['OrderDetailRequest'];
  /** @deprecated Renamed to `ImageSearchPageResponse`. */
  ImageSearchResponse: Schemas['ImageSearchPageResponse'];
  /** @deprecated Renamed to `ProtocolPayRequest`. */
  PreparePayRequest: Schemas['ProtocolPayRequest'];
  /** @deprecated Renamed to `ProtocolPayResponse`. */
  PreparePayResponse: Schemas['ProtocolPayResponse'];
  /** @deprecated Renamed to `OrderPreviewRequest`. */
  PreviewOrderRequest: Schemas['OrderPreviewRequest'];
  /** @deprecated Renamed to `OrderPreviewResponse`. */
  PreviewOrderResponse: Schemas['OrderPreviewResponse'];
  /** @deprecated Renamed to `SearchNavigationNodesResponse`. */
  SearchNavigationResponse: Schemas['SearchNavigationNodesResponse'];
  /** @deprecated Renamed to `ImageUploadResponse`. */
  UploadImageResponse: Schemas['ImageUploadResponse'];
  /**
   * @deprecated Request bodies now list the credentials themselves (`AppKey`, `Sign`, `AppSecret`) so
   * that they can refuse unknown fields.
   */
  JsonCredentials: {
    appKey: Schemas['AppKey'];
    sign: Schemas['Signature'];
    appSecret?: Schemas['AppSecret'];
  };
  /** @deprecated Folded into `OrderPreviewRequest` and `OrderCreationRequest`. */
  OrderRequestBase: Omit<Schemas['OrderPreviewRequest'], 'flow'>;
}
