/**
 * What a deviation is about:
 * - `unknown-field`: a field the spec does not describe (answers tolerate extras, so the spec is incomplete there);
 * - `missing-required`: a field the spec requires is absent;
 * - `type`: a value of another type, or one outside the declared pattern, length or range;
 * - `null`: `null` where the spec does not allow it;
 * - `enum`: a value outside the declared list;
 * - `status`: an HTTP status the operation does not declare;
 * - `envelope`: the answer is not the documented document at all (not JSON, not an object, no `code`).
 */
export type DeviationKind =
  | 'unknown-field'
  | 'missing-required'
  | 'type'
  | 'null'
  | 'enum'
  | 'status'
  | 'envelope';

/** Which half of an exchange a deviation was seen in. */
export type DeviationSide = 'request' | 'response';

/**
 * One place where real traffic differs from the spec. `pointer` is a JSON Pointer into the response body
 * (`/data/result/baseInfo/status`) or into the request (`/query/pageSize`, `/body/orderId`); array items
 * appear as `*`, so every element of a list shares one pointer. Values are never quoted except the
 * offending value of an `enum` deviation.
 */
export interface Finding {
  in: DeviationSide;
  pointer: string;
  kind: DeviationKind;
  /** What the spec declares, e.g. `string or null`, `one of waitbuyerpay, success`. */
  expected: string;
  /** What arrived, e.g. `integer`, `absent`, `null`, `HTTP 503`. */
  seen: string;
}

/** A finding merged across calls: `count` is the number of calls that showed it. */
export interface Deviation extends Finding {
  count: number;
}
