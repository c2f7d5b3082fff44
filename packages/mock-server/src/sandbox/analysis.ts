// Product analysis from the catalogue: a ranking list of a category and a product's units sold per day.
// Both read one deterministic daily-sales series per product, so a list's 30-day `soldOut` is the sum of
// the last 30 days the sales trend shows for the same product.
import type { CatalogueProduct } from './catalogue.js';
import { hashString } from './random.js';
import { businessFailure, envelope } from './replies.js';
import { clone, isObject, type Json } from './spec-samples.js';

const DAY_MS = 86_400_000;
/** 1688 keeps this many days of daily figures; older days (and today onwards) have none. */
const KEPT_DAYS = 90;
/** The longest range 1688 answers per call (one month). */
const MAX_RANGE_DAYS = 31;

const RANK_NAMES: Record<string, string> = {
  complex: 'Comprehensive List',
  hot: 'Hot Selling List',
  goodPrice: 'Good Price List',
  anchorHot: 'Anchor Hot Selling List',
  anchorNew: 'Anchor Rising List',
  anchorRecommend: 'Anchor Recommended List',
  VNHot: 'Vietnam Hot Selling List',
  VNTrend: 'Vietnam Trend List',
};

/** Day number (days since 1970, China time) of a `yyyyMMdd` text; NaN when it is not a date. */
function dayOf(text: string): number {
  if (!/^\d{8}$/.test(text)) return Number.NaN;
  return Date.parse(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`) / DAY_MS;
}

function textOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

function today(now: number): number {
  return Math.floor((now + 8 * 3_600_000) / DAY_MS);
}

/** Units of `product` sold on `day`: steady per product, varying by day. */
function unitsOn(product: CatalogueProduct, day: number): number {
  const base = 2 + (hashString(String(product.offerId)) % 60);
  const swing = hashString(`${product.offerId}:${day}`) % (base + 1);
  return base + swing - Math.floor(base / 2);
}

/** Units sold over the 30 days before `now`'s China day. */
function soldLast30Days(product: CatalogueProduct, now: number): number {
  let sum = 0;
  for (let day = today(now) - 30; day < today(now); day++) sum += unitsOn(product, day);
  return sum;
}

function minPriceFen(product: CatalogueProduct): number {
  return Math.min(...product.skus.map((s) => s.priceFen));
}

/** A category's ranking list: its catalogue products ordered by the list's measure, at most `limit`. */
export function rankingList(
  template: Json,
  products: readonly CatalogueProduct[],
  params: Record<string, unknown>,
  now = Date.now(),
): Json {
  const rankId = String(params.rankId ?? '');
  const rankType = String(params.rankType ?? 'complex');
  const limit = Math.min(20, Math.max(1, Number(params.limit) || 10));
  const scored = products
    .filter((p) => String(p.categoryId) === rankId)
    .map((p) => {
      const soldOut = soldLast30Days(p, now);
      const buyerNum = Math.max(1, Math.round(soldOut / (2 + (hashString(`buyers:${p.offerId}`) % 5))));
      const score =
        rankType === 'hot'
          ? soldOut
          : rankType === 'goodPrice'
            ? -minPriceFen(p)
            : rankType === 'complex'
              ? soldOut + buyerNum * 3
              : hashString(`${rankType}:${p.offerId}`);
      return { p, soldOut, buyerNum, score };
    })
    .sort((a, b) => b.score - a.score || a.p.offerId - b.p.offerId)
    .slice(0, limit);
  const data = isObject(template.data) ? (clone(template.data) as Json) : {};
  const models = Array.isArray(data.rankProductModels) ? data.rankProductModels : [];
  const itemTemplate = isObject(models[0]) ? models[0] : {};
  data.rankId = rankId;
  data.rankName = RANK_NAMES[rankType] ?? rankType;
  data.rankType = rankType;
  data.rankProductModels = scored.map(({ p, soldOut, buyerNum }, i) => ({
    ...itemTemplate,
    itemId: p.offerId,
    title: p.subject,
    translateTitle: p.subjectTrans,
    imgUrl: p.imageUrl,
    sort: i + 1,
    serviceList:
      hashString(`24h:${p.offerId}`) % 3 === 0 ? ['sendGoods24H', 'sendGoods48H'] : ['sendGoods48H'],
    buyerNum,
    soldOut,
    goodsScore: ['4.5', '4.8', '5'][hashString(`score:${p.offerId}`) % 3],
  }));
  return envelope(template, data);
}

/**
 * A product's units sold per day from `startDate` to `endDate`: a figure for each of the last 90 days
 * before today, an empty value for other days. A range 1688 would refuse is a business failure.
 */
export function salesTrend(
  template: Json,
  product: CatalogueProduct | undefined,
  params: Record<string, unknown>,
  now = Date.now(),
): Json {
  if (!product) {
    return businessFailure(
      template,
      `商品不存在 (offer ${String(params.offerId)} is not in the sandbox catalogue)`,
    );
  }
  const first = dayOf(String(params.startDate));
  const last = dayOf(String(params.endDate));
  if (!(last >= first && last - first <= MAX_RANGE_DAYS)) {
    return businessFailure(
      template,
      `查询时间范围不能超过1个月 (endDate must be 0 to ${MAX_RANGE_DAYS} days after startDate)`,
    );
  }
  const current = today(now);
  const days: Json[] = [];
  for (let day = first; day <= last; day++) {
    const kept = day < current && day >= current - KEPT_DAYS;
    days.push({ date: textOf(day), value: kept ? String(unitsOn(product, day)) : '' });
  }
  return envelope(template, days);
}
