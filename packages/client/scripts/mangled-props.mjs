// The property names the build shortens in dist/ (esbuild `mangleProps`): the keywords of the request rules
// (src/constraints.ts and the rules generated from the spec), which never leave the client. Each is spelt
// out in the source and ~20 times in the rules; shortened, the browser bundle is ~0.12 kB smaller.
// `type`, `items` and `maxItems` are left alone: other code reads them on objects the client does not own.
// test/package/mangled-props.test.ts fails when code outside the rules uses one of these names.
export const MANGLED_PROPS = [
  'additionalProperties',
  'anyOf',
  'enum',
  'exclusiveMinimum',
  'format',
  'maximum',
  'minimum',
  'minItems',
  'maxLength',
  'minLength',
  'oneOf',
  'pattern',
  'present',
  'properties',
  'required',
];
