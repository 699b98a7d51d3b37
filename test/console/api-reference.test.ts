/**
 * GET /api/reference in real Chromium against the real server: the page lists every operation of
 * the OpenAPI document with its parameters and schemas, and works offline: no request leaves the
 * origin, no CSP violation (its inline style is allowed by hash), no script at all.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { openWatchedBrowser, type WatchedBrowser } from './support/browser.ts'
import { startRealServer, type RealServer } from './support/real-server.ts'

setDefaultTimeout(20_000)

let browser: WatchedBrowser
let server: RealServer

beforeAll(async () => {
  server = await startRealServer()
  browser = await openWatchedBrowser(server.origin)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

type Document = { paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>> }

describe('the API reference page', () => {
  test('renders every operation, its parameters and the shared schemas, offline', async () => {
    const document = (await (await fetch(`${server.origin}/api/openapi.json`)).json()) as Document
    const { page, watch } = browser
    const response = await page.goto(`${server.origin}/api/reference`)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'")
    const text = await page.locator('body').innerText()
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const section = page.locator(`section#${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`)
        expect(await section.count(), `${method} ${path}`).toBe(1)
        const sectionText = await section.innerText()
        expect(sectionText).toContain(path)
        for (const parameter of operation.parameters ?? []) expect(sectionText).toContain(parameter.name)
      }
    }
    expect(text).toContain('ErrorEnvelope')
    expect(text).toContain('target')
    // Its own style applied: CSP let the inline stylesheet through.
    expect(await page.locator('.method').first().evaluate((element) => getComputedStyle(element).fontWeight)).toBe('700')
    expect(await page.locator('script').count()).toBe(0)
    expect(watch.foreignRequests).toEqual([])
    expect(await watch.cspViolations()).toEqual([])
  })

  test('names no other origin anywhere in its HTML', async () => {
    const html = await (await fetch(`${server.origin}/api/reference`)).text()
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0])
    expect(urls.filter((url) => !url.startsWith(server.origin))).toEqual([])
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\/\//)
  })
})
