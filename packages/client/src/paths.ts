/**
 * The operation types callers see. They are the generated types with the credentials removed from every
 * input, because the client adds `appKey` and `sign` (or `appSecret` in debug mode) itself after
 * serialization. The spec, and therefore `GeneratedPaths`, keeps them required: that is what goes on
 * the wire. A few inputs are also widened to friendlier forms the client serializes for Daji.
 */
import type {
  components as GeneratedComponents,
  operations as GeneratedOperations,
  paths as GeneratedPaths,
  webhooks,
} from './generated/daji.js';
import type { OperationId, routes } from './generated/routes.js';
import type { DajiSort } from './query.js';
import type { RenamedSchemas } from './renamed-schemas.js';
import type { DajiImageInput } from './upload.js';

export type { GeneratedOperations, GeneratedPaths, OperationId, webhooks };

/** The spec's components; `schemas` also answers to the names it had before a rename (deprecated). */
export type components = Omit<GeneratedComponents, 'schemas'> & {
  schemas: GeneratedComponents['schemas'] & RenamedSchemas;
};

/** Request fields the client fills in; callers never pass them. */
export type CredentialField = 'appKey' | 'sign' | 'appSecret';

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];

/** Inputs the client accepts in a richer form than Daji's wire format. */
type Widened<T> = {
  [K in keyof T]: K extends 'sort'
    ? T[K] | DajiSort
    : K extends 'filter'
      ? T[K] | readonly string[]
      : K extends 'orderIdList'
        ? T[K] | readonly string[]
        : K extends 'image_base64'
          ? DajiImageInput
          : T[K];
};

type CallerFields<T> = T extends object ? Simplify<Widened<Omit<T, CredentialField>>> : T;

type CallerParameters<P> = P extends { query?: infer Q }
  ? [Q] extends [never]
    ? P
    : Simplify<
        Omit<P, 'query'> &
          (RequiredKeys<CallerFields<NonNullable<Q>>> extends never
            ? { query?: CallerFields<NonNullable<Q>> }
            : { query: CallerFields<NonNullable<Q>> })
      >
  : P;

type CallerRequestBody<B> = B extends { content: infer C }
  ? Simplify<Omit<B, 'content'> & { content: { [M in keyof C]: CallerFields<C[M]> } }>
  : B;

type CallerOperation<O> = O extends object
  ? {
      [K in keyof O]: K extends 'parameters'
        ? CallerParameters<O[K]>
        : K extends 'requestBody'
          ? CallerRequestBody<O[K]>
          : O[K];
    }
  : O;

/** Every Daji operation by path and method, as callers write them: no credentials. */
export type DajiPaths = {
  [P in keyof GeneratedPaths]: {
    [M in keyof GeneratedPaths[P]]: M extends 'parameters'
      ? GeneratedPaths[P][M]
      : CallerOperation<GeneratedPaths[P][M]>;
  };
};

/** Every Daji operation by operationId, as callers write them: no credentials. */
export type DajiOperations = { [Id in keyof GeneratedOperations]: CallerOperation<GeneratedOperations[Id]> };

/** The path of an operation, e.g. `PathOf<'keywordSearch'>` is `'/alibaba/product/keywordQuery'`. */
export type PathOf<Id extends OperationId> = (typeof routes)[Id]['path'];

/** The query an operation takes from callers. */
export type QueryOf<Id extends OperationId> = DajiOperations[Id]['parameters'] extends { query?: infer Q }
  ? NonNullable<Q>
  : never;

/** The JSON or form body an operation takes from callers. */
export type BodyOf<Id extends OperationId> = DajiOperations[Id] extends {
  requestBody?: { content: infer C } | undefined;
}
  ? C[keyof C]
  : never;

/** The envelope an operation answers with on success (HTTP 200). */
export type EnvelopeOf<Id extends OperationId> = GeneratedOperations[Id]['responses'] extends {
  200: { content: { 'application/json': infer E } };
}
  ? E
  : never;

/** The business payload (`envelope.data`) of an operation. */
export type DataOf<Id extends OperationId> =
  EnvelopeOf<Id> extends { data?: infer D } ? NonNullable<D> : never;
