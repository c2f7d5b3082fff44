import { describe, expect, it } from 'vitest';
import { enforce, type Rule } from '../../src/constraints.js';

const refuse =
  (rule: Rule, value: unknown, inQuery = false) =>
  () =>
    enforce(rule, value, 'op: body.x', inQuery);

describe('enforce (the generated rules, checked)', () => {
  it('accepts what fits and ignores fields left out', () => {
    const rule: Rule = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'integer', minimum: 1 }, b: { type: 'string', pattern: /^\d+$/u } },
    };
    expect(() => enforce(rule, { a: 1 }, 'op: body')).not.toThrow();
    expect(() => enforce(rule, { a: 2, b: '12', c: 'unlisted but allowed' }, 'op: body')).not.toThrow();
  });

  it('names a missing required field', () => {
    expect(() => enforce({ type: 'object', required: ['orderId'] }, {}, 'op: body')).toThrow(
      'op: body.orderId is missing; Daji requires it.',
    );
  });

  it('refuses fields the spec does not list when the object is closed', () => {
    const rule: Rule = { type: 'object', properties: { outOrderId: {} }, additionalProperties: false };
    expect(() => enforce(rule, { outOrderID: '1' }, 'op: body')).toThrow(
      /op: body\.outOrderID is not a field Daji knows here; expected one of outOrderId/,
    );
  });

  it('explains numbers: range, integer-ness and numbers that already lost digits', () => {
    expect(refuse({ type: 'integer', minimum: 1, maximum: 50 }, 0)).toThrow(
      new RangeError('op: body.x is 0; Daji accepts an integer from 1 to 50.'),
    );
    expect(refuse({ type: 'integer' }, 2.5)).toThrow(RangeError);
    expect(refuse({ type: 'number', exclusiveMinimum: 0 }, 0)).toThrow(/a number above 0/);
    expect(refuse({ type: 'integer', format: 'int64' }, 2 ** 53 + 2)).toThrow(/already lost digits/);
    expect(() => enforce({ type: 'integer', format: 'int64' }, 2n ** 60n, 'x')).not.toThrow();
  });

  it('tells a caller to pass digit-string ids as strings, not numbers', () => {
    expect(refuse({ type: 'string', pattern: /^\d{1,20}$/u }, 2237938826932135000)).toThrow(
      /is a number \(2237938826932135000\); pass ids as digit strings/,
    );
  });

  it('checks text length in characters, pattern, enum and URLs', () => {
    expect(refuse({ type: 'string', maxLength: 2 }, '连衣裙')).toThrow(
      /Daji accepts text of at most 2 characters \(it has 3\)/,
    );
    expect(() => enforce({ type: 'string', maxLength: 2 }, '😀😀', 'x')).not.toThrow();
    expect(refuse({ type: 'string', pattern: /^\d{6}$/u }, '33000')).toThrow(TypeError);
    expect(refuse({ type: 'string', enum: ['y', 'n'] }, 'yes')).toThrow(/one of "y", "n"/);
    expect(refuse({ type: 'string', format: 'uri' }, 'picture.png')).toThrow(/absolute URL/);
  });

  it('checks arrays and every item, naming the index', () => {
    const rule: Rule = {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: { type: 'string', pattern: /^\d+$/u },
    };
    expect(refuse(rule, [])).toThrow(new RangeError('op: body.x has 0 items; Daji accepts from 1 to 2.'));
    expect(refuse(rule, ['1', '2', '3'])).toThrow(/has 3 items/);
    expect(refuse(rule, ['1', 'x'])).toThrow(/op: body\.x\[1\] is "x"/);
  });

  it('reads query values as the text they become: numbers as digits, sort and filter as their wire form', () => {
    const page: Rule = { type: 'integer', minimum: 1 };
    expect(() => enforce(page, '20', 'q.pageSize', true)).not.toThrow();
    expect(() => enforce(page, '0', 'q.pageSize', true)).toThrow(RangeError);
    const sort: Rule = { type: 'string', pattern: /^\{"(price)":"(asc|desc)"\}$/u };
    expect(() => enforce(sort, { price: 'asc' }, 'q.sort', true)).not.toThrow();
    expect(() => enforce(sort, { price: 'up' }, 'q.sort', true)).toThrow(
      /q\.sort is "\{\\"price\\":\\"up\\"\}"/,
    );
    const filter: Rule = { type: 'string', pattern: /^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/u };
    expect(() => enforce(filter, ['shipInToday', 'jxhy'], 'q.filter', true)).not.toThrow();
    expect(() => enforce(filter, ['ship today'], 'q.filter', true)).toThrow(TypeError);
    // Any other array is a repeated parameter: each value is checked alone.
    expect(() => enforce({ type: 'string', minLength: 2 }, ['ab', 'c'], 'q.outMemberId', true)).toThrow(
      /q\.outMemberId\[1\]/,
    );
  });

  it('wants one alternative of anyOf, exactly one of oneOf', () => {
    const either: Rule = {
      type: 'object',
      anyOf: [{ required: ['imageId'] }, { required: ['imageAddress'] }],
    };
    expect(() => enforce(either, { imageId: '1' }, 'q', true)).not.toThrow();
    expect(() => enforce(either, {}, 'q', true)).toThrow(
      /fits none of the forms Daji accepts: q\.imageId is missing/,
    );
    const one: Rule = { oneOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] };
    expect(() => enforce(one, 'ab', 'x')).toThrow(/fits 2 of the forms/);
    expect(() => enforce(one, '', 'x')).not.toThrow();
  });
});
