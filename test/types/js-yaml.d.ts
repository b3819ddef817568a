/** js-yaml 4 ships no types and @types/js-yaml is not installed here; the tests use load() only. */
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
