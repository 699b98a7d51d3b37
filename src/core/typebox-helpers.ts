/**
 * Two small TypeBox helpers every schema file needs: a union of string literals from a list, and
 * a compile-time check that a schema's static type is exactly a type the code already has (so a
 * schema cannot drift from what the code produces or reads).
 */
import { Type } from '@sinclair/typebox'

export const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)))

/** `true` only when A and B are the same type: `const ok: Same<Static<typeof S>, T> = true`. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
