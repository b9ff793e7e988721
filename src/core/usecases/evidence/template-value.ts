/** A value a Helm template computes, as the renderer (helm.ts) and the library it knows (helm-library.ts) share it. */

/** A value no lookup here can know: `.Release`, `.Capabilities`, a function we do not evaluate. */
export const UNKNOWN = Symbol('unknown');
export type Value = unknown;
