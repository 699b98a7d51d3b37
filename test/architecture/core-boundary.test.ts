/**
 * ARCHITECTURE §1: src/core/** (model, protocols, framing, URL token, catalog) imports only
 * Web-standard APIs and itself, so it could run in a browser, a Worker or another runtime.
 * No elysia, no bun:sqlite, no node:*, no Bun.* / process / Buffer globals.
 */
import { describe, expect, test } from 'bun:test'
import { Glob } from 'bun'
import { dirname, join, relative, resolve } from 'node:path'

const ROOT = resolve(import.meta.dir, '../..')
const CORE = join(ROOT, 'src/core')

/**
 * Packages core may import. TypeBox is pure data (JSON Schema builders, no I/O, no runtime
 * dependency): ARCHITECTURE §2 places the preset schema in core/catalog on purpose. js-tiktoken
 * is pure computation (OpenAI's tokenizers, core/tokens), with no I/O and no runtime API.
 */
const ALLOWED_PACKAGES = new Set(['@sinclair/typebox', 'js-tiktoken/lite', 'js-tiktoken/ranks/o200k_base', 'js-tiktoken/ranks/cl100k_base'])

/** Runtime-specific globals; Web-standard ones (fetch, crypto, TextEncoder, …) are fine. */
const FORBIDDEN_GLOBALS = /(?<![\w.$'"`])(Bun|process|Buffer|require|__dirname|__filename)\s*[.(]/

/** Every module specifier: static and type imports, re-exports, dynamic import(). */
function importSpecifiers(source: string): string[] {
  const specifiers: string[] = []
  for (const match of source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)) specifiers.push(match[1] as string)
  for (const match of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) specifiers.push(match[1] as string)
  for (const match of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1] as string)
  return specifiers
}

/** Why `specifier`, imported from `file`, breaks the boundary; undefined when it does not. */
function boundaryViolation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier)
    return target === CORE || target.startsWith(`${CORE}/`) ? undefined : `imports ${specifier}, outside src/core`
  }
  return ALLOWED_PACKAGES.has(specifier) ? undefined : `imports ${specifier}`
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

describe('the core boundary', () => {
  const files = [...new Glob('**/*.ts').scanSync(CORE)].map((path) => join(CORE, path))

  test('finds the core sources (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(50)
    expect(files.some((file) => file.endsWith('core/model/index.ts'))).toBe(true)
  })

  test('src/core imports only itself and the allowed pure packages', async () => {
    const violations: string[] = []
    for (const file of files) {
      const source = await Bun.file(file).text()
      for (const specifier of importSpecifiers(source)) {
        const why = boundaryViolation(file, specifier)
        if (why !== undefined) violations.push(`${relative(ROOT, file)} ${why}`)
      }
    }
    expect(violations).toEqual([])
  })

  test('src/core uses no runtime-specific globals (Bun, process, Buffer, require)', async () => {
    const violations: string[] = []
    for (const file of files) {
      const lines = withoutComments(await Bun.file(file).text()).split('\n')
      lines.forEach((line, number) => {
        if (FORBIDDEN_GLOBALS.test(line)) violations.push(`${relative(ROOT, file)}:${number + 1}: ${line.trim()}`)
      })
    }
    expect(violations).toEqual([])
  })
})

describe('the boundary check itself', () => {
  const file = join(CORE, 'protocols/openai/decode-request.ts')

  test('flags framework, runtime and out-of-core imports', () => {
    const source = [
      "import { Elysia } from 'elysia'",
      "import type { Database } from 'bun:sqlite'",
      "import {\n  join,\n} from 'node:path'",
      "export { x } from '../../../log/index.ts'",
      "const lazy = await import('node:fs')",
      "import './side-effect.ts'",
    ].join('\n')
    const found = importSpecifiers(source)
    expect(found.sort()).toEqual(['../../../log/index.ts', './side-effect.ts', 'bun:sqlite', 'elysia', 'node:fs', 'node:path'])
    expect(found.filter((specifier) => boundaryViolation(file, specifier) !== undefined).sort())
      .toEqual(['../../../log/index.ts', 'bun:sqlite', 'elysia', 'node:fs', 'node:path'])
  })

  test('accepts imports inside core and the allowed packages', () => {
    for (const specifier of ['./wire.ts', '../../model/index.ts', '@sinclair/typebox']) expect(boundaryViolation(file, specifier)).toBeUndefined()
  })

  test('flags runtime globals but not Web-standard ones or lookalike names', () => {
    for (const line of ['const x = Bun.file(p)', 'if (process.env.X) {}', 'Buffer.from(s)', 'const m = require("x")']) expect(FORBIDDEN_GLOBALS.test(line)).toBe(true)
    for (const line of ['crypto.subtle.digest(a, b)', 'new TextEncoder()', 'this.process.run()', 'const subprocess = 1', "'Bun.file'"]) expect(FORBIDDEN_GLOBALS.test(line)).toBe(false)
  })
})
