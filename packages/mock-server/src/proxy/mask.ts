// Masks personal data in recorded Daji exchanges while keeping what the spec needs: every field, its JSON
// type and the shape around it, order/offer/SKU ids, prices, quantities, statuses and codes.

/** Parameters that carry credentials: never recorded, at any depth. */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(['appKey', 'appSecret', 'sign']);

const MASK = '***';
const MASKED_EMAIL = 'masked@example.com';

// Field names, matched on the whole name, case-insensitively.
const PERSON_NAME =
  /^(?:to|contact|receiver|receive|consignee|buyer|real|full|nick|link|user)?(?:full)?(?:name|person|man)$|^(?:consignee|receiver|contactperson|linkman)$/i;
const PHONE = /(?:phone|mobile|tel|telephone|fax|cellphone)(?:no|number|num)?$/i;
const ADDRESS =
  /(?:address|addr|street)(?:detail|line\d?|info)?$|^(?:toarea|detail|detailaddress|fulladdress)$/i;
const POST_CODE = /^(?:to)?(?:post|postal|zip)(?:code)?$/i;
const EMAIL = /e-?mail$/i;
// Free text written by buyers and sellers, where any of the above can hide.
const FREE_TEXT =
  /^(?:buyerfeedback|buyermemo|sellermemo|memo|remark|buyerremark|sellerremark|message_?to_?seller)$/i;
// Logins of buyers are personal handles; sellers' are shop names and stay.
const BUYER_LOGIN = /^buyer(?:login|member)?(?:id|loginid)$/i;
// A `name` is a person only inside something that describes a person.
const CONTACT_CONTEXT = /contact|receiver|consignee|buyer|address|person/i;

const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const MOBILE_IN_TEXT = /(?<![\d])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d])/g;
const LANDLINE_IN_TEXT = /(?<![\d])0\d{2,3}-\d{7,8}(?![\d])/g;
// Keys whose values are identifiers, money or codes: never rewritten, even when they look like a phone number.
const KEPT =
  /(?:id|ids|idstring|idofstr|no|code|codes|amount|price|fee|payment|quantity|num|count|total|time|status|type|url|urls)$/i;

/** Masks personal data in a parsed JSON value; returns a new value of the same shape and types. */
export function maskPersonalData(value: unknown, key = '', parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => maskPersonalData(item, key, parentKey));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [childKey, childValue] of Object.entries(value)) {
      if (CREDENTIAL_FIELDS.has(childKey)) continue;
      out[childKey] = maskField(childKey, childValue, key);
    }
    return out;
  }
  return typeof value === 'string' && !KEPT.test(key) ? maskInText(value) : value;
}

function maskField(key: string, value: unknown, parentKey: string): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'object') return maskPersonalData(value, key, parentKey);
  if (EMAIL.test(key)) return typeof value === 'string' ? MASKED_EMAIL : value;
  if (PHONE.test(key)) return maskDigits(value, 3);
  if (POST_CODE.test(key)) return maskDigits(value, 0);
  if (
    ADDRESS.test(key) ||
    FREE_TEXT.test(key) ||
    BUYER_LOGIN.test(key) ||
    (PERSON_NAME.test(key) && (key.toLowerCase() !== 'name' || CONTACT_CONTEXT.test(parentKey)))
  ) {
    return typeof value === 'string' ? (value === '' ? '' : MASK) : value;
  }
  if (typeof value === 'string' && !KEPT.test(key)) return maskInText(value);
  return value;
}

/** Zeroes the digits of a phone number or post code after `keep` characters; separators and length stay. */
function maskDigits(value: unknown, keep: number): unknown {
  if (typeof value === 'number')
    return Number(String(value).slice(0, keep).padEnd(String(value).length, '0'));
  if (typeof value !== 'string') return value;
  return value.slice(0, keep) + value.slice(keep).replace(/\d/g, '0');
}

/** Masks e-mail addresses and phone numbers inside free text. */
export function maskInText(text: string): string {
  return text
    .replace(EMAIL_IN_TEXT, MASKED_EMAIL)
    .replace(MOBILE_IN_TEXT, (phone) => phone.replace(/\d/g, '0'))
    .replace(LANDLINE_IN_TEXT, (phone) => phone.replace(/\d/g, '0'));
}
