// Types of mangled-props.mjs, for tsup.config.ts and the test that guards the list.
export const MANGLED_PROPS: readonly string[];
