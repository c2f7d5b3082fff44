// The sandbox's products: the same offer has the same title, SKUs, prices, stock and MOQ in search,
// detail, freight, preview and order creation. Seeded from the spec's example products plus a
// deterministic set, or loaded from a user's JSON file (`--catalogue FILE`).
import { readFileSync } from 'node:fs';
import { seededRandom } from './random.js';
import { isObject, type Json } from './spec-samples.js';

export interface CatalogueSku {
  skuId: number;
  specId: string;
  /** Unit price in fen (1/100 yuan). */
  priceFen: number;
  stock: number;
  attributes: { name: string; value: string; nameTrans?: string; valueTrans?: string }[];
}

export interface CatalogueSeller {
  /** `sellerOpenId` of product detail and shop search. */
  openId: string;
  loginId: string;
  companyName: string;
  province: string;
  city: string;
}

export interface CatalogueProduct {
  offerId: number;
  subject: string;
  subjectTrans: string;
  imageUrl: string;
  categoryId: number;
  minOrderQuantity: number;
  /** Shipping weight of one unit, kg. */
  weightKg: number;
  /** Freight of the first kg and of each further kg, fen. */
  firstFeeFen: number;
  nextFeeFen: number;
  seller: CatalogueSeller;
  skus: CatalogueSku[];
}

export interface Catalogue {
  products: CatalogueProduct[];
  byOfferId: Map<string, CatalogueProduct>;
}

export function catalogueOf(products: CatalogueProduct[]): Catalogue {
  return { products, byOfferId: new Map(products.map((p) => [String(p.offerId), p])) };
}

/** Freight in fen for `units` of a product: first kg, then each started kg. */
export function freightFen(product: CatalogueProduct, units: number): number {
  const kg = Math.max(1, Math.ceil(product.weightKg * units));
  return product.firstFeeFen + product.nextFeeFen * (kg - 1);
}

export function yuanText(fen: number): string {
  return (fen / 100).toFixed(2);
}

// ---- the seeded catalogue ----

const SELLERS: CatalogueSeller[] = [
  {
    openId: 'BBBsn2Eyq1pQb0cCXAv0Ds1Cw',
    loginId: '金华雅琪服饰',
    companyName: '金华雅琪服饰有限公司',
    province: '浙江省',
    city: '金华市',
  },
  {
    openId: 'BBBkX8j2wL0qZ5mN3rT7yU1pA',
    loginId: '义乌优品百货',
    companyName: '义乌市优品百货商行',
    province: '浙江省',
    city: '金华市',
  },
  {
    openId: 'BBBp4R6tY8uI0oP2aS4dF6gH8',
    loginId: '广州潮流数码',
    companyName: '广州潮流数码配件厂',
    province: '广东省',
    city: '广州市',
  },
  {
    openId: 'BBBz1X3cV5bN7mQ9wE1rT3yU5',
    loginId: '深圳家居生活馆',
    companyName: '深圳市家居生活用品有限公司',
    province: '广东省',
    city: '深圳市',
  },
];

const GOODS: [string, string, number][] = [
  ['连衣裙', 'dress', 0.35],
  ['T恤', 'T-shirt', 0.2],
  ['卫衣', 'hoodie', 0.6],
  ['牛仔裤', 'jeans', 0.7],
  ['手机壳', 'phone case', 0.05],
  ['数据线', 'charging cable', 0.08],
  ['双肩包', 'backpack', 0.9],
  ['保温杯', 'insulated bottle', 0.4],
  ['袜子', 'socks', 0.05],
  ['收纳盒', 'storage box', 0.5],
  ['棒球帽', 'baseball cap', 0.15],
  ['蓝牙耳机', 'Bluetooth earbuds', 0.12],
];
const STYLES: [string, string][] = [
  ['2024新款', '2024 new'],
  ['ins风', 'Instagram-style'],
  ['简约', 'minimalist'],
  ['韩版', 'Korean-style'],
  ['加厚', 'thick'],
  ['爆款', 'best-selling'],
];
const COLOURS: [string, string][] = [
  ['黑色', 'Black'],
  ['白色', 'White'],
  ['红色', 'Red'],
  ['蓝色', 'Blue'],
];
const SIZES = ['S', 'M', 'L', 'XL'];

/**
 * The default catalogue: the spec's example products first (so the spec's sample requests work), then
 * `count` generated products. The same seed always gives the same catalogue.
 */
export function seededCatalogue(templates: Map<string, Json>, seed = 1688, count = 48): Catalogue {
  const products: CatalogueProduct[] = [];
  const detail = templates.get('getProductDetail')?.data;
  if (isObject(detail)) {
    const fromDetail = productFromDetail(detail);
    if (fromDetail) products.push(fromDetail);
  }
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const summaries = templates.get('keywordSearch')?.data;
  const listed = isObject(summaries) && Array.isArray(summaries.data) ? summaries.data : [];
  for (const summary of listed) {
    if (!isObject(summary) || products.some((p) => String(p.offerId) === String(summary.offerId))) continue;
    const price = Math.round(Number((summary.priceInfo as Json | undefined)?.price ?? 20) * 100);
    products.push(
      generated(random, pick, {
        offerId: Number(summary.offerId),
        subject: String(summary.subject),
        subjectTrans: String(summary.subjectTrans ?? summary.subject),
        imageUrl: String(summary.imageUrl ?? ''),
        basePriceFen: price,
        weightKg: 0.25,
      }),
    );
  }
  for (let i = 0; i < count; i++) {
    const [good, goodEn, weightKg] = pick(GOODS);
    const [style, styleEn] = pick(STYLES);
    products.push(
      generated(random, pick, {
        offerId: 600000000000 + Math.floor(random() * 99999999999),
        subject: `${style}${good}`,
        subjectTrans: `${styleEn} ${goodEn}`,
        imageUrl: `https://cbu01.alicdn.com/img/ibank/O1CN01sandbox${String(i).padStart(3, '0')}_!!0-0-cib.jpg`,
        basePriceFen: 300 + Math.floor(random() * 9000),
        weightKg,
      }),
    );
  }
  return catalogueOf(products);
}

function generated(
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
  base: {
    offerId: number;
    subject: string;
    subjectTrans: string;
    imageUrl: string;
    basePriceFen: number;
    weightKg: number;
  },
): CatalogueProduct {
  const colours = COLOURS.slice(0, 1 + Math.floor(random() * COLOURS.length));
  const sizes = random() < 0.5 ? SIZES.slice(0, 2 + Math.floor(random() * 3)) : [];
  const skus: CatalogueSku[] = [];
  let n = 0;
  for (const [colour, colourEn] of colours) {
    for (const size of sizes.length > 0 ? sizes : [undefined]) {
      n++;
      const attributes: CatalogueSku['attributes'] = [
        { name: '颜色', value: colour, nameTrans: 'Colour', valueTrans: colourEn },
      ];
      if (size) attributes.push({ name: '尺码', value: size, nameTrans: 'Size', valueTrans: size });
      skus.push({
        skuId: base.offerId * 10 + n,
        specId: specIdOf(base.offerId, n),
        priceFen: base.basePriceFen + (size === 'XL' ? 200 : 0),
        stock: Math.floor(random() * 5) === 0 ? 8 : 100 + Math.floor(random() * 900),
        attributes,
      });
    }
  }
  return {
    offerId: base.offerId,
    subject: base.subject,
    subjectTrans: base.subjectTrans,
    imageUrl: base.imageUrl,
    categoryId: 1038378,
    minOrderQuantity: pick([1, 1, 2, 3, 5]),
    weightKg: base.weightKg,
    firstFeeFen: pick([500, 600, 800]),
    nextFeeFen: pick([200, 300]),
    seller: pick(SELLERS),
    skus,
  };
}

/** 32 hex characters, as 1688's specIds. */
function specIdOf(offerId: number, n: number): string {
  let hex = '';
  let x = offerId * 31 + n * 7919;
  for (let i = 0; i < 32; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    hex += (x % 16).toString(16);
  }
  return hex;
}

function productFromDetail(detail: Json): CatalogueProduct | undefined {
  const skus = Array.isArray(detail.productSkuInfos) ? detail.productSkuInfos.filter(isObject) : [];
  if (skus.length === 0) return undefined;
  const images = (detail.productImage as Json | undefined)?.images;
  return {
    offerId: Number(detail.offerId),
    subject: String(detail.subject),
    subjectTrans: String(detail.subjectTrans ?? detail.subject),
    imageUrl: Array.isArray(images) && typeof images[0] === 'string' ? images[0] : '',
    categoryId: Number(detail.categoryId ?? 0),
    minOrderQuantity: Number(detail.minOrderQuantity ?? 1),
    weightKg: 0.35,
    firstFeeFen: 500,
    nextFeeFen: 300,
    seller: { ...SELLERS[0]!, openId: String(detail.sellerOpenId ?? SELLERS[0]!.openId) },
    skus: skus.map((sku) => ({
      skuId: Number(sku.skuId),
      specId: String(sku.specId),
      priceFen: Math.round(Number(sku.price ?? 0) * 100),
      stock: Number(sku.amountOnSale ?? 0),
      attributes: (Array.isArray(sku.skuAttributes) ? sku.skuAttributes.filter(isObject) : []).map((a) => ({
        name: String(a.attributeName),
        value: String(a.value),
        ...(typeof a.attributeNameTrans === 'string' && { nameTrans: a.attributeNameTrans }),
        ...(typeof a.valueTrans === 'string' && { valueTrans: a.valueTrans }),
      })),
    })),
  };
}

// ---- a user's catalogue file ----

/** Thrown for a catalogue file that cannot be used; the message names the file and the entry. */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

/**
 * Reads `--catalogue FILE`: `{ "products": [ { "offerId", "subject", "minOrderQuantity", "skus": [ {
 * "specId", "skuId", "price", "stock" } ] } ] }` (full schema in the sandbox guide).
 */
export function loadCatalogueFile(file: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogueError(
      `catalogue ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CatalogueError(`catalogue ${file}: not valid JSON (${(error as Error).message}).`);
  }
  return parseCatalogue(parsed, `catalogue ${file}`);
}

export function parseCatalogue(value: unknown, where = 'catalogue'): Catalogue {
  if (!isObject(value) || !Array.isArray(value.products) || value.products.length === 0) {
    throw new CatalogueError(`${where}: expected an object { "products": [ … ] } with at least one product.`);
  }
  const products = value.products.map((entry, i) => parseProduct(entry, `${where}: products[${i}]`));
  const seenOffers = new Set<string>();
  const seenSpecs = new Set<string>();
  products.forEach((product, i) => {
    if (seenOffers.has(String(product.offerId))) {
      throw new CatalogueError(
        `${where}: products[${i}].offerId ${product.offerId} appears twice; each offerId must be unique.`,
      );
    }
    seenOffers.add(String(product.offerId));
    product.skus.forEach((sku, j) => {
      if (seenSpecs.has(sku.specId)) {
        throw new CatalogueError(
          `${where}: products[${i}].skus[${j}].specId '${sku.specId}' appears twice; each specId must be unique.`,
        );
      }
      seenSpecs.add(sku.specId);
    });
  });
  return catalogueOf(products);
}

function parseProduct(entry: unknown, at: string): CatalogueProduct {
  if (!isObject(entry)) throw new CatalogueError(`${at} must be an object.`);
  const offerId = integer(
    entry.offerId,
    `${at}.offerId`,
    1,
    Number.MAX_SAFE_INTEGER,
    'a product id such as 670291644950',
  );
  const subject = text(entry.subject, `${at}.subject`);
  const skusValue = entry.skus;
  if (!Array.isArray(skusValue) || skusValue.length === 0) {
    throw new CatalogueError(`${at}.skus must be a non-empty array of { specId, skuId, price, stock }.`);
  }
  const skus = skusValue.map((sku, j) => parseSku(sku, `${at}.skus[${j}]`));
  const seller = isObject(entry.seller) ? entry.seller : {};
  return {
    offerId,
    subject,
    subjectTrans: optionalText(entry.subjectTrans, `${at}.subjectTrans`) ?? subject,
    imageUrl: optionalText(entry.imageUrl, `${at}.imageUrl`) ?? '',
    categoryId:
      entry.categoryId === undefined
        ? 0
        : integer(entry.categoryId, `${at}.categoryId`, 0, Number.MAX_SAFE_INTEGER, 'a category id'),
    minOrderQuantity:
      entry.minOrderQuantity === undefined
        ? 1
        : integer(
            entry.minOrderQuantity,
            `${at}.minOrderQuantity`,
            1,
            1e9,
            'a whole number of units, 1 or more',
          ),
    weightKg: entry.weightKg === undefined ? 0.5 : positive(entry.weightKg, `${at}.weightKg`),
    firstFeeFen: entry.firstFee === undefined ? 500 : fen(entry.firstFee, `${at}.firstFee`),
    nextFeeFen: entry.nextFee === undefined ? 300 : fen(entry.nextFee, `${at}.nextFee`),
    seller: {
      openId: optionalText(seller.openId, `${at}.seller.openId`) ?? SELLERS[0]!.openId,
      loginId: optionalText(seller.loginId, `${at}.seller.loginId`) ?? SELLERS[0]!.loginId,
      companyName: optionalText(seller.companyName, `${at}.seller.companyName`) ?? SELLERS[0]!.companyName,
      province: optionalText(seller.province, `${at}.seller.province`) ?? SELLERS[0]!.province,
      city: optionalText(seller.city, `${at}.seller.city`) ?? SELLERS[0]!.city,
    },
    skus,
  };
}

function parseSku(entry: unknown, at: string): CatalogueSku {
  if (!isObject(entry)) throw new CatalogueError(`${at} must be an object { specId, skuId, price, stock }.`);
  const attributes = entry.attributes === undefined ? [] : entry.attributes;
  if (!Array.isArray(attributes))
    throw new CatalogueError(`${at}.attributes must be an array of { name, value }.`);
  return {
    specId: specId(entry.specId, `${at}.specId`),
    skuId: integer(entry.skuId, `${at}.skuId`, 1, Number.MAX_SAFE_INTEGER, 'a SKU id such as 5012345678901'),
    priceFen: fen(entry.price, `${at}.price`),
    stock: integer(entry.stock, `${at}.stock`, 0, 1e9, 'a whole number of units in stock, 0 or more'),
    attributes: attributes.map((a, k) => {
      if (!isObject(a)) throw new CatalogueError(`${at}.attributes[${k}] must be an object { name, value }.`);
      return {
        name: text(a.name, `${at}.attributes[${k}].name`),
        value: text(a.value, `${at}.attributes[${k}].value`),
        ...(typeof a.nameTrans === 'string' && { nameTrans: a.nameTrans }),
        ...(typeof a.valueTrans === 'string' && { valueTrans: a.valueTrans }),
      };
    }),
  };
}

/** Order calls take 1688's spec ids only (32 hex characters), so a catalogue holds nothing else. */
function specId(value: unknown, at: string): string {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{32}$/.test(value))
    throw new CatalogueError(
      `${at} must be 32 hexadecimal characters, as 1688's specIds (e.g. "53a1eff0fa008b2b9f32a120b0a050f2"), got ${JSON.stringify(value)}.`,
    );
  return value;
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new CatalogueError(`${at} must be a non-empty string, got ${JSON.stringify(value)}.`);
  return value;
}

function optionalText(value: unknown, at: string): string | undefined {
  return value === undefined ? undefined : text(value, at);
}

function integer(value: unknown, at: string, min: number, max: number, expected: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new CatalogueError(`${at} must be ${expected}, got ${JSON.stringify(value)}.`);
  }
  return n;
}

function positive(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new CatalogueError(`${at} must be a number above 0, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** A yuan amount — `"35.80"` or `35.8` — as fen. */
function fen(value: unknown, at: string): number {
  const n = typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value) ? Number(value) : value;
  if (
    typeof n !== 'number' ||
    !Number.isFinite(n) ||
    n < 0 ||
    Math.round(n * 100) !== Number((n * 100).toFixed(6))
  ) {
    throw new CatalogueError(
      `${at} must be a price in yuan with at most 2 decimals, such as "12.50", got ${JSON.stringify(value)}.`,
    );
  }
  return Math.round(n * 100);
}
