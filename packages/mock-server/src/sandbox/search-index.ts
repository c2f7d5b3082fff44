// What a search needs that never changes between calls: the catalogue is fixed for the life of the
// server, so titles are lower-cased once, a keyword's matches are remembered, and each product's search
// summary is serialized once per operation.
import type { CatalogueProduct } from './catalogue.js';
import * as reply from './replies.js';
import type { Json } from './spec-samples.js';

/** Keywords remembered at most; past that the memory starts over, so odd inputs cannot grow it. */
const MAX_KEYWORDS = 1000;

export class SearchIndex {
  private readonly titles = new WeakMap<CatalogueProduct, readonly [string, string]>();
  private readonly matches = new Map<
    string,
    { scope: readonly CatalogueProduct[]; found: CatalogueProduct[] }
  >();
  private readonly summaries = new Map<string, WeakMap<CatalogueProduct, string>>();

  /** Products of `scope` whose title (Chinese or translated) contains the lower-case `keyword`. */
  matching(scope: readonly CatalogueProduct[], keyword: string): CatalogueProduct[] {
    const known = this.matches.get(keyword);
    if (known?.scope === scope) return known.found;
    const found = scope.filter((product) => {
      const [subject, subjectTrans] = this.titlesOf(product);
      return subject.includes(keyword) || subjectTrans.includes(keyword);
    });
    if (this.matches.size >= MAX_KEYWORDS) this.matches.clear();
    this.matches.set(keyword, { scope, found });
    return found;
  }

  /** The product's summary in a search answer of `operation`, as JSON text. */
  summary(operation: string, template: Json, product: CatalogueProduct): string {
    let texts = this.summaries.get(operation);
    if (!texts) {
      texts = new WeakMap();
      this.summaries.set(operation, texts);
    }
    let text = texts.get(product);
    if (text === undefined) {
      text = JSON.stringify(reply.summaryOf(reply.searchItemTemplate(template), product));
      texts.set(product, text);
    }
    return text;
  }

  private titlesOf(product: CatalogueProduct): readonly [string, string] {
    let titles = this.titles.get(product);
    if (!titles) {
      titles = [product.subject.toLowerCase(), product.subjectTrans.toLowerCase()];
      this.titles.set(product, titles);
    }
    return titles;
  }
}
