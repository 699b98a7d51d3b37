/**
 * Every preset cites the provider documentation its facts were checked against: a
 * `source: https://…` comment in the lines just above the preset object.
 */
import { describe, expect, test } from 'bun:test'
import { Glob } from 'bun'
import { join, resolve } from 'node:path'
import { PROVIDERS } from '../../src/core/catalog/providers.ts'

const PRESETS = resolve(import.meta.dir, '../../src/core/catalog/presets')
const EXPORT = /^export const (\w+): ProviderPreset = \{/

const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/

/** The comment lines directly above line `index` (a blank line or code ends them). */
function commentAbove(lines: string[], index: number): string {
  const above: string[] = []
  for (let line = index - 1; line >= 0 && COMMENT_LINE.test(lines[line]!); line--) above.push(lines[line]!)
  return above.join('\n')
}

async function presetSources(): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>()
  for (const file of new Glob('*.ts').scanSync(PRESETS)) {
    const lines = (await Bun.file(join(PRESETS, file)).text()).split('\n')
    lines.forEach((line, index) => {
      const name = EXPORT.exec(line)?.[1]
      if (name !== undefined) found.set(`${file}:${name}`, /source: https:\/\//.test(commentAbove(lines, index)))
    })
  }
  return found
}

describe('preset sources', () => {
  test('every preset object in presets/ is preceded by a source link', async () => {
    const sources = await presetSources()
    expect([...sources].filter(([, cited]) => !cited).map(([name]) => name)).toEqual([])
  })

  test('the scan sees every preset of the catalog (it cannot pass by finding none)', async () => {
    expect((await presetSources()).size).toBe(PROVIDERS.length)
  })
})
