/**
 * `true` when `A` and `B` are the same union, `never` otherwise: `const CHECK: Exactly<A, B> = true` fails to compile
 * when a table written out by hand (an enum's constants, an interface's keys) drifts from the union it mirrors.
 */
export type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
