/**
 * The console shows the router's plan: the tags under the provider are what a URL for the chosen
 * client protocol, endpoint mode and provider does with each endpoint group, and the Providers tab
 * shows the same plan as a providers × groups matrix, each provider linking its docs.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import type { Page } from 'playwright-core'
import { findProvider } from '../../src/core/catalog/providers.ts'
import type { ProtocolId } from '../../src/core/model/index.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { EndpointMode } from '../../src/core/proxy-config.ts'
import { planEndpoints } from '../../src/proxy/plan-endpoints.ts'
import { ACTION_LABELS } from '../../web/endpoint-plan.ts'
import { openWatchedBrowser, type WatchedBrowser } from './support/browser.ts'
import { startRealServer, type RealServer } from './support/real-server.ts'

setDefaultTimeout(20_000)

let browser: WatchedBrowser
let server: RealServer
let page: Page

beforeAll(async () => {
  server = await startRealServer()
  browser = await openWatchedBrowser(server.origin)
  page = browser.page
  await page.goto(`${server.origin}/`)
  await page.locator('#provider option[value="openai"]').waitFor({ state: 'attached' })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

type ModelMode = 'force' | 'map' | 'passthrough'

/** `modelMode`: the form's model policy ('force', one model, until another is chosen). */
function expectedTags(source: ProtocolId, providerId: string, mode: EndpointMode = 'auto', modelMode: ModelMode = 'force'): string[] {
  const preset = findProvider(providerId)!
  return planEndpoints({ source, target: preset.protocol, mode, preset, modelMode }, findCodec).map((entry) => `${entry.group}: ${ACTION_LABELS[entry.action]}`)
}

async function tagsFor(source: ProtocolId, providerId: string, mode: EndpointMode = 'auto', modelMode: ModelMode = 'force'): Promise<string[]> {
  await page.selectOption('#source-protocol', source)
  await page.selectOption('#provider', providerId)
  await page.selectOption('#endpoints-mode', mode)
  await page.check(`input[name="model-mode"][value="${modelMode}"]`)
  const expected = expectedTags(source, providerId, mode, modelMode)
  // The plan arrives after the choice: wait for its first tag.
  await page.locator('ul.support li', { hasText: expected[0]! }).first().waitFor()
  await page.waitForFunction((count) => document.querySelector('lb-app')?.shadowRoot?.querySelector('lb-url-form')?.shadowRoot?.querySelectorAll('ul.support li').length === count, expected.length)
  return (await page.locator('ul.support li').allTextContents()).map((text) => text.trim())
}

describe('the tags under the provider', () => {
  test('Anthropic → OpenAI: chat translated, token counts by the provider, models answered by the bridge, batches and files unsupported', async () => {
    const tags = await tagsFor('anthropic', 'openai')
    expect(tags).toEqual(expectedTags('anthropic', 'openai'))
    expect(tags).toEqual(['chat: translated', 'count_tokens: counted by the provider', 'models: answered by the bridge', 'batches: unsupported', 'files: unsupported'])
    const batches = page.locator('ul.support li', { hasText: 'batches' })
    expect(await batches.getAttribute('title')).toContain(findProvider('openai')!.docsUrl)
  })

  test('same protocol: everything passes through, beside "native passthrough"', async () => {
    const tags = await tagsFor('anthropic', 'anthropic')
    expect(tags).toEqual(expectedTags('anthropic', 'anthropic'))
    expect(tags[0]).toBe('chat: passthrough')
    expect(await page.locator('.route').textContent()).toContain('native passthrough')
  })

  test('with model names passed through, the models tag says the provider\'s list is translated', async () => {
    const tags = await tagsFor('anthropic', 'openai', 'auto', 'passthrough')
    expect(tags).toEqual(expectedTags('anthropic', 'openai', 'auto', 'passthrough'))
    expect(tags).toContain('models: upstream list, translated')
  })

  test('they follow the endpoint mode and the client protocol', async () => {
    expect(await tagsFor('anthropic', 'openai', 'passthrough')).toEqual(expectedTags('anthropic', 'openai', 'passthrough'))
    expect(await tagsFor('openai', 'groq')).toEqual(expectedTags('openai', 'groq'))
  })
})

describe('the Providers tab', () => {
  test('renders the plan as a providers × groups matrix for the chosen client protocol, each provider linking its docs', async () => {
    await page.click('#tab-providers')
    await page.selectOption('#providers-source', 'gemini')
    const openaiRow = page.locator('lb-providers tr[data-provider="openai"]')
    await openaiRow.locator('td[data-group="caches"]').waitFor()
    const groups = (await page.locator('lb-providers thead th').allTextContents()).map((text) => text.trim()).slice(1)
    expect(groups).toEqual([...new Set(findCodec('gemini')!.endpoints.map((endpoint) => endpoint.group))])
    const expected = planEndpoints({ source: 'gemini', target: 'openai', mode: 'auto', preset: findProvider('openai') }, findCodec)
    const cells = (await openaiRow.locator('td').allTextContents()).map((text) => text.trim())
    expect(cells).toEqual(expected.map((entry) => ACTION_LABELS[entry.action]))
    expect(await openaiRow.locator('th a').getAttribute('href')).toBe(findProvider('openai')!.docsUrl)
    expect((await page.locator('lb-providers tr[data-provider="gemini"] td[data-group="caches"]').textContent())?.trim()).toBe('passthrough')
    expect(await page.locator('lb-providers tbody tr').count()).toBeGreaterThan(20)
    expect(await browser.watch.cspViolations()).toEqual([])
  })
})
