// The two dev tools below ship no types; only what the benchmark uses is declared.

declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
  }
  interface Result {
    errors: number;
    non2xx: number;
    '2xx': number;
    /** Seconds the run took. */
    duration: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}

declare module '@size-limit/preset-small-lib' {
  const plugins: unknown[];
  export default plugins;
}
