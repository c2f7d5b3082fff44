// Types of constraints.mjs, for the tests that run the generator.
/** The source of src/generated/constraints.ts (after its header) for a bundled spec. */
export function renderConstraints(spec: unknown): string;
export const CREDENTIALS: Set<string>;
export const ENFORCED_FORMATS: Set<string>;
