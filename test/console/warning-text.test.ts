/**
 * Every translation warning code the bridge can add has its sentence in the request detail
 * (web/warning-text.ts): the sources are scanned for `warnings.add('code', …)` calls (and codes
 * held in constants), so a new code without words fails here.
 */
import { describe, expect, test } from 'bun:test'
import { Glob } from 'bun'
import { join, resolve } from 'node:path'
import { describeWarning } from '../../web/warning-text.ts'

const SRC = resolve(import.meta.dir, '../../src')
/** `.add('code'`, `.add(cond ? 'a' : 'b'`, or `.add(CONSTANT`; codes are kebab-case with at least one hyphen. */
const ADD = /\.add\(\s*(?:[^,()]*?\?\s*)?(?:'([a-z]+(?:-[a-z]+)+)'(?:\s*:\s*'([a-z]+(?:-[a-z]+)+)')?|([A-Z][A-Z_]+)\b)/g
/** A warning pushed whole: `warnings.items.push({ code: … })`. */
const PUSH = /items\.push\(\{\s*code:\s*(?:'([a-z]+(?:-[a-z]+)+)'|([A-Z][A-Z_]+)\b)/g
const CONSTANT = /export const ([A-Z][A-Z_]+) = '([a-z]+(?:-[a-z]+)+)'/g

async function warningCodes(): Promise<Set<string>> {
  const sources = await Promise.all([...new Glob('**/*.ts').scanSync(SRC)].map((path) => Bun.file(join(SRC, path)).text()))
  const constants = new Map<string, string>()
  for (const source of sources) for (const [, name, value] of source.matchAll(CONSTANT)) if (name && value) constants.set(name, value)
  const codes = new Set<string>()
  for (const source of sources) {
    if (!source.includes('warnings')) continue
    for (const [, first, second, constant] of source.matchAll(ADD)) {
      for (const code of [first, second, constant === undefined ? undefined : constants.get(constant)]) if (code !== undefined) codes.add(code)
    }
    for (const [, literal, constant] of source.matchAll(PUSH)) {
      const code = literal ?? (constant === undefined ? undefined : constants.get(constant))
      if (code !== undefined) codes.add(code)
    }
  }
  return codes
}

describe('warning codes in words', () => {
  test('the scan finds the codes the codecs add (the scan itself works)', async () => {
    const codes = await warningCodes()
    for (const known of ['dropped-field', 'clamped-max-tokens', 'builtin-tool-removed', 'approximated-reasoning', 'clamped-reasoning-budget', 'stream-grammar-violation']) expect(codes).toContain(known)
  })

  test('every code has a sentence', async () => {
    const missing = [...(await warningCodes())].filter((code) => describeWarning(code) === undefined)
    expect(missing).toEqual([])
  })
})
