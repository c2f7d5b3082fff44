// Daji answers built from the sandbox's state on top of the spec's own success examples: the example
// gives the shape (and every field the sandbox does not model), the state gives the values that must
// agree from call to call.
import { type CatalogueProduct, type CatalogueSku, yuanText } from './catalogue.js';
import { type CargoFailure, INFERRED, type PricedCart, type Refusal } from './engine.js';
import { traceId } from './random.js';
import { JsonDigits } from './raw-json.js';
import { clone, isObject, type Json, nodeWith } from './spec-samples.js';
import type { Order } from './state.js';

const OK_MESSAGE = '操作成功';
/** The envelope code of Daji's documented business failures (HTTP 200, e.g. 买家确认收货失败). */
export const BUSINESS_FAILURE_CODE = 1009;

export function envelope(template: Json, data: unknown, code = 200, message = OK_MESSAGE): Json {
  return { ...template, code, message, data, timestamp: Date.now(), traceId: traceId() };
}

/** 1688's time text: `20240814101942000+0800` (China time). */
export function time1688(ms: number | null): string | null {
  if (ms === null) return null;
  const d = new Date(ms + 8 * 3_600_000).toISOString(); // 2024-08-14T10:19:42.000Z in China time
  return `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}${d.slice(20, 23)}+0800`;
}

/** `2024-08-09 09:44:24` (China time), as push messages carry it. */
export function messageTime(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

// ---- products ----

export function summaryOf(template: Json, product: CatalogueProduct): Json {
  const prices = product.skus.map((s) => s.priceFen);
  const price = yuanText(Math.min(...prices));
  return {
    ...template,
    imageUrl: product.imageUrl,
    subject: product.subject,
    subjectTrans: product.subjectTrans,
    offerId: product.offerId,
    isJxhy: false,
    priceInfo: {
      ...(isObject(template.priceInfo) ? template.priceInfo : {}),
      price,
      jxhyPrice: null,
      pfJxhyPrice: null,
      consignPrice: price,
    },
    traceInfo: `object_id%40${product.offerId}%5Eobject_type%40offer`,
    minOrderQuantity: product.minOrderQuantity,
  };
}

/**
 * A search page as JSON text. `itemText` gives each listed product's summary already serialized (the
 * summaries never change, so they are built once), which leaves only the envelope to serialize per call.
 */
export function searchPage(
  template: Json,
  products: CatalogueProduct[],
  page: number,
  pageSize: number,
  itemText: (product: CatalogueProduct) => string,
): string {
  // Only top-level fields change: a shallow copy leaves the template as it is.
  const data: Json = { ...(template.data as Json) };
  const start = (page - 1) * pageSize;
  data.totalRecords = products.length;
  data.totalPage = Math.ceil(products.length / pageSize);
  data.pageSize = pageSize;
  data.currentPage = page;
  data.data = ITEMS;
  const items = products.slice(start, start + pageSize).map(itemText);
  return spliceRaw(JSON.stringify(envelope(template, data)), `[${items.join(',')}]`);
}

/** The item template of a search answer: each product's summary is built on it. */
export function searchItemTemplate(template: Json): Json {
  const items = isObject(template.data) && Array.isArray(template.data.data) ? template.data.data : [];
  return isObject(items[0]) ? items[0] : {};
}

// Stands in for the listed items while the envelope is serialized; spliceRaw puts them in its place.
const ITEMS_MARK = '\u0000items';
const ITEMS = { toJSON: () => ITEMS_MARK };

function spliceRaw(json: string, raw: string): string {
  const at = json.indexOf(JSON.stringify(ITEMS_MARK));
  return `${json.slice(0, at)}${raw}${json.slice(at + JSON.stringify(ITEMS_MARK).length)}`;
}

/** `stockOf` gives the units of a SKU the app can still order (the catalogue's stock minus its open orders). */
export function productDetail(
  template: Json,
  product: CatalogueProduct,
  stockOf: (sku: CatalogueSku) => number,
): Json {
  const data = clone(template.data) as Json;
  const skuTemplate =
    Array.isArray(data.productSkuInfos) && isObject(data.productSkuInfos[0]) ? data.productSkuInfos[0] : {};
  const stock = product.skus.reduce((sum, s) => sum + stockOf(s), 0);
  const minPrice = yuanText(Math.min(...product.skus.map((s) => s.priceFen)));
  data.offerId = product.offerId;
  data.categoryId = product.categoryId;
  data.subject = product.subject;
  data.subjectTrans = product.subjectTrans;
  data.productImage = { images: product.imageUrl ? [product.imageUrl] : [] };
  data.productSkuInfos = product.skus.map((sku) => ({
    ...skuTemplate,
    amountOnSale: stockOf(sku),
    price: yuanText(sku.priceFen),
    jxhyPrice: null,
    pfJxhyPrice: null,
    consignPrice: yuanText(sku.priceFen),
    promotionPrice: null,
    skuId: sku.skuId,
    specId: sku.specId,
    cargoNumber: null,
    skuAttributes: sku.attributes.map((a, i) => ({
      attributeId: 3216 + i,
      attributeName: a.name,
      attributeNameTrans: a.nameTrans ?? null,
      value: a.value,
      valueTrans: a.valueTrans ?? null,
      skuImageUrl: null,
    })),
  }));
  const sale = isObject(data.productSaleInfo) ? data.productSaleInfo : {};
  data.productSaleInfo = {
    ...sale,
    amountOnSale: stock,
    priceRangeList: [{ startQuantity: product.minOrderQuantity, price: minPrice, promotionPrice: null }],
    quoteType: 1,
  };
  data.isJxhy = false;
  data.sellerOpenId = product.seller.openId;
  data.minOrderQuantity = product.minOrderQuantity;
  data.status = 'published';
  data.traceInfo = `object_id%40${product.offerId}%5Eobject_type%40offer`;
  return envelope(template, data);
}

export function freightEstimate(
  template: Json,
  product: CatalogueProduct,
  fen: number,
  skuIds: string[],
): Json {
  const data = clone(template.data) as Json;
  const models = Array.isArray(data.productFreightSkuInfoModels) ? data.productFreightSkuInfoModels : [];
  const modelTemplate = isObject(models[0]) ? models[0] : {};
  data.offerId = product.offerId;
  data.freight = yuanText(fen);
  data.singleProductWeight = product.weightKg;
  data.firstFee = yuanText(product.firstFeeFen);
  data.firstUnit = '1000';
  data.nextFee = yuanText(product.nextFeeFen);
  data.nextUnit = '1000';
  data.freePostage = fen === 0;
  data.productFreightSkuInfoModels = skuIds.map((skuId) => ({
    ...modelTemplate,
    skuId,
    singleSkuWeight: product.weightKg,
  }));
  return envelope(template, data);
}

// ---- orders ----

export function orderPreview(template: Json, cart: PricedCart): Json {
  const data = clone(template.data) as Json;
  const list = Array.isArray(data.orderPreviewResuslt) ? data.orderPreviewResuslt : [];
  const previewTemplate = isObject(list[0]) ? list[0] : {};
  const cargoList = Array.isArray(previewTemplate.cargoList) ? previewTemplate.cargoList : [];
  const cargoTemplate = isObject(cargoList[0]) ? cargoList[0] : {};
  data.success = true;
  data.orderPreviewResuslt = [
    {
      ...previewTemplate,
      sumPayment: cart.totalFen,
      sumCarriage: cart.freightFen,
      sumPaymentNoCarriage: cart.productFen,
      discountFee: 0,
      additionalFee: 0,
      status: true,
      message: null,
      resultCode: null,
      cargoList: cart.lines.map((line) => ({
        ...cargoTemplate,
        offerId: line.product.offerId,
        specId: line.sku.specId,
        skuId: line.sku.skuId,
        amount: (line.sku.priceFen * line.quantity) / 100,
        finalUnitPrice: line.sku.priceFen / 100,
        message: null,
        resultCode: null,
      })),
      shopPromotionList: [],
    },
  ];
  return envelope(template, data);
}

/** Preview refused: 1688 names each offending line in the preview itself. */
export function orderPreviewFailed(template: Json, failures: CargoFailure[], refusal?: Refusal): Json {
  const data = clone(template.data) as Json;
  const first = failures[0];
  data.success = false;
  data.errorCode = refusal?.code ?? first?.errorCode ?? null;
  data.errorMsg = refusal?.message ?? first?.errorMessage ?? null;
  data.orderPreviewResuslt = [];
  return envelope(template, data);
}

export function orderCreated(template: Json, order: Order): Json {
  const data = clone(template.data) as Json;
  const outcome = nodeWith(data, 'orderId') ?? data;
  Object.assign(data, { success: true, code: null, message: null });
  Object.assign(outcome, {
    orderId: new JsonDigits(order.orderId),
    totalSuccessAmount: order.totalFen,
    postFee: order.freightFen,
    success: true,
    code: null,
    message: null,
    accountPeriod: null,
    failedOfferList: [],
    orderList: [
      { orderId: new JsonDigits(order.orderId), postFee: order.freightFen, orderAmmount: order.totalFen },
    ],
  });
  return envelope(template, data);
}

export function orderNotCreated(template: Json, refusal: Refusal, failures: CargoFailure[]): Json {
  const data = clone(template.data) as Json;
  const outcome = nodeWith(data, 'orderId') ?? data;
  Object.assign(data, { success: false, code: refusal.code, message: refusal.message });
  if (outcome !== data) {
    Object.assign(outcome, {
      orderId: '',
      totalSuccessAmount: null,
      postFee: null,
      success: false,
      code: refusal.code,
      message: refusal.message,
      orderList: [],
    });
    outcome.failedOfferList = failures.map((f) => ({ ...f, offerId: numericOr(f.offerId) }));
  } else {
    Object.assign(data, { orderId: '', totalSuccessAmount: null, postFee: null, orderList: [] });
    data.failedOfferList = failures.map((f) => ({ ...f, offerId: numericOr(f.offerId) }));
  }
  return envelope(template, data);
}

function numericOr(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
}

const STATUS_TEXT: Record<string, string> = {
  waitbuyerpay: '等待买家付款',
  waitsellersend: '等待卖家发货',
  waitbuyerreceive: '等待买家收货',
  success: '交易成功',
  cancel: '交易关闭',
};

export function orderDetail(template: Json, order: Order, products: Map<string, CatalogueProduct>): Json {
  const data = clone(template.data) as Json;
  const node = nodeWith(data, 'baseInfo') ?? data;
  const base = isObject(node.baseInfo) ? node.baseInfo : {};
  const first = products.get(String(order.lines[0]?.offerId));
  const seller = first?.seller;
  const a = order.address;
  const closed = order.status === 'cancel';
  node.baseInfo = {
    ...base,
    id: new JsonDigits(order.orderId),
    idOfStr: order.orderId,
    status: order.status,
    totalAmount: order.totalFen / 100,
    sumProductPayment: order.productFen / 100,
    shippingFee: order.freightFen / 100,
    discount: 0,
    couponFee: 0,
    refund: 0,
    refundStatus: null,
    createTime: time1688(order.createdAt),
    payTime: time1688(order.paidAt),
    modifyTime: time1688(order.modifiedAt),
    completeTime: time1688(order.receivedAt ?? order.closedAt),
    allDeliveredTime: time1688(order.shippedAt),
    receivingTime: time1688(order.receivedAt),
    payChannelList: order.payChannel ? ['支付宝'] : [],
    payChannelCodeList: order.payChannel ? [order.payChannel] : [],
    closeReason: closed ? order.closeReason : null,
    closeOperateType: closed
      ? order.closedBy === 'buyer'
        ? 'CLOSE_TRADE_BY_BUYER'
        : 'CLOSE_TRADE_BY_SYSTEM'
      : null,
    ...(seller && {
      sellerLoginId: seller.loginId,
      sellerContact: {
        ...(isObject(base.sellerContact) ? base.sellerContact : {}),
        companyName: seller.companyName,
        shopName: seller.loginId,
      },
    }),
    buyerContact: { name: a.fullName, mobile: a.mobile },
    receiverInfo: {
      toFullName: a.fullName,
      toMobile: a.mobile,
      toPhone: a.phone,
      toPost: a.postCode,
      toArea: [a.provinceText, a.cityText, a.areaText, a.townText, a.address].filter(Boolean).join(' '),
      toDivisionCode: a.districtCode,
      toTownCode: null,
    },
    outOrderId: order.outOrderId,
    buyerFeedback: order.message,
  };
  const items = Array.isArray(node.productItems) ? node.productItems : [];
  const itemTemplate = isObject(items[0]) ? items[0] : {};
  node.productItems = order.lines.map((line) => {
    const product = products.get(String(line.offerId));
    const sku = product?.skus.find((s) => s.specId === line.specId);
    return {
      ...itemTemplate,
      productID: line.offerId,
      skuID: line.skuId,
      specId: line.specId,
      name: product?.subject ?? '',
      price: line.unitPriceFen / 100,
      quantity: line.quantity,
      itemAmount: (line.unitPriceFen * line.quantity) / 100,
      productImgUrl: product?.imageUrl ? [product.imageUrl] : [],
      productSnapshotUrl: `https://trade.1688.com/order/offer_snapshot.htm?order_entry_id=${line.entryId}`,
      skuInfos: (sku?.attributes ?? []).map((x) => ({ name: x.name, value: x.value })),
      cargoNumber: null,
      status: order.status,
      statusStr: STATUS_TEXT[order.status] ?? order.status,
      subItemID: new JsonDigits(line.entryId),
      subItemIDString: line.entryId,
      logisticsStatus: order.shippedAt === null ? 1 : 2,
      gmtCreate: time1688(order.createdAt),
      gmtModified: time1688(order.modifiedAt),
    };
  });
  const logistics = isObject(node.nativeLogistics) ? node.nativeLogistics : {};
  const itemsOfLogistics = Array.isArray(logistics.logisticsItems) ? logistics.logisticsItems : [];
  const logisticsTemplate = isObject(itemsOfLogistics[0]) ? itemsOfLogistics[0] : {};
  node.nativeLogistics = {
    ...logistics,
    address: a.address,
    area: a.areaText,
    city: a.cityText,
    province: a.provinceText,
    contactPerson: a.fullName,
    mobile: a.mobile,
    zip: a.postCode,
    logisticsItems: order.logistics
      ? [
          {
            ...logisticsTemplate,
            logisticsBillNo: order.logistics.billNo,
            logisticsCompanyName: order.logistics.companyName,
            logisticsCompanyNo: order.logistics.companyNo,
            deliveredTime: time1688(order.shippedAt),
            status: 'alreadysend',
            subItemIds: order.lines.map((l) => l.entryId).join(','),
            carriage: order.freightFen / 100,
            fromProvince: seller?.province ?? null,
            fromCity: seller?.city ?? null,
            toProvince: a.provinceText,
            toCity: a.cityText,
          },
        ]
      : [],
  };
  if (Array.isArray(node.tradeTerms)) {
    node.tradeTerms = [
      { payStatus: order.paidAt === null ? '1' : '2', payWay: '13', phasAmount: order.totalFen / 100 },
    ];
  }
  return envelope(template, data);
}

/** Order detail of an order this app does not have. */
export function orderNotFound(template: Json, orderId: string): Json {
  return envelope(template, {
    success: false,
    errorCode: 'ORDER_NOT_EXIST',
    errorMessage: `订单不存在 (order ${orderId} does not exist for this app)${INFERRED}`,
  });
}

/** Cancel's answer: `data.success` with 1688's errorCode. */
export function cancelReply(template: Json, refusal?: Refusal): Json {
  return envelope(template, {
    ...(clone(template.data) as Json),
    success: refusal === undefined,
    errorCode: refusal?.code ?? null,
    errorMessage: refusal?.message ?? null,
  });
}

/** Receipt: confirmed, or Daji's documented failure (envelope code 1009, 1688's error in `data.result`). */
export function receiptReply(template: Json, refusal?: Refusal): Json {
  const data = clone(template.data) as Json;
  const result = isObject(data.result) ? data.result : {};
  if (!refusal) {
    return envelope(template, {
      ...data,
      success: true,
      result: { ...result, success: true, errorCode: null, errorInfo: null },
    });
  }
  return envelope(
    template,
    {
      ...data,
      success: false,
      result: { ...result, success: false, errorCode: refusal.code, errorInfo: refusal.message },
    },
    BUSINESS_FAILURE_CODE,
    '买家确认收货失败',
  );
}

export function paymentLinks(
  template: Json,
  payable: string[],
  refused: { orderId: string; reason: string }[],
): Json {
  const data = clone(template.data) as Json;
  const url = String(data.payUrl ?? 'https://trade.1688.com/order/cashier.htm');
  const base = url.includes('?') ? url.slice(0, url.indexOf('?')) : url;
  data.payUrl = payable.length > 0 ? `${base}?orderId=${payable.join(';')}` : null;
  data.success = payable.length > 0;
  data.errorCode = refused.length > 0 && payable.length === 0 ? 'ORDER_STATUS_ERROR' : null;
  data.erroMsg = refused.length > 0 && payable.length === 0 ? refused[0]!.reason : null;
  data.payFailureOrderList = refused.map((r) => r.orderId);
  return envelope(template, data);
}

/** preparePay: debited, or 1688's `success: false` with its code (HTTP 200, envelope code 200). */
export function payReply(template: Json, outcome: { channel: string } | Refusal): Json {
  const data = clone(template.data) as Json;
  if ('channel' in outcome) {
    const result = isObject(data.result) ? data.result : {};
    return envelope(template, {
      ...data,
      success: true,
      code: null,
      message: null,
      result: { ...result, isPaySuccess: null, payChannel: outcome.channel, paySuccess: true },
    });
  }
  return envelope(template, {
    ...data,
    success: false,
    code: outcome.code,
    message: outcome.message,
    result: null,
  });
}

/** A product the catalogue does not have: a business failure with no data. */
export function businessFailure(template: Json, message: string): Json {
  return envelope(template, null, BUSINESS_FAILURE_CODE, message);
}
