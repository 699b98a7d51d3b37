/**
 * The console in real Chromium against the real server (createServer, SQLite log, real
 * generate-url and logs API): mint a URL in the form, send a proxied request, watch its row arrive.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import type { BrowserContext, Page } from 'playwright-core'
import { CONSOLE_CSP } from '../../src/http/console.ts'
import { openWatchedBrowser, type PageWatch, type WatchedBrowser } from './support/browser.ts'
import { XSS_IMG, XSS_SCRIPT } from './support/hostile-strings.ts'
import { startRealServer, type RealServer } from './support/real-server.ts'

setDefaultTimeout(20_000)

const CANARY_KEY = 'sk-canary-real-5d0c2e9b7a41'

let browser: WatchedBrowser
let context: BrowserContext
let server: RealServer
let page: Page
let watch: PageWatch
let proxyUrl = ''

beforeAll(async () => {
  server = await startRealServer()
  browser = await openWatchedBrowser(server.origin)
  ;({ context, page, watch } = browser)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** All text in the page, shadow roots included (textContent stops at a shadow host). */
function pageText(target: Page): Promise<string> {
  return target.evaluate(() => {
    const parts: string[] = [document.body.textContent ?? '']
    const walk = (root: Document | ShadowRoot): void => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot !== null) {
          parts.push(element.shadowRoot.textContent ?? '')
          walk(element.shadowRoot)
        }
      }
    }
    walk(document)
    return parts.join('\n')
  })
}

async function sendChat(model: string, userAgent: string): Promise<Response> {
  return fetch(`${proxyUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent, authorization: 'Bearer client-key' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  })
}

describe('console on the real server', () => {
  test('serves / under the console CSP through the server security headers', async () => {
    const response = await fetch(`${server.origin}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  test('mints a URL in the form through the real generate-url API', async () => {
    await page.goto(`${server.origin}/`)
    await page.locator('#provider option[value="openai"]').waitFor({ state: 'attached' })
    await page.selectOption('#source-protocol', 'openai')
    await page.selectOption('#provider', 'openai')
    await page.fill('#base-url', `${server.mock.url}/v1`)
    await page.fill('#auth-token', CANARY_KEY)
    await page.check('input[name="model-mode"][value="passthrough"]')
    await page.fill('#label', 'console e2e')
    await page.click('button[type="submit"]')
    proxyUrl = (await page.locator('output.proxy-url').textContent()) ?? ''
    expect(proxyUrl).toStartWith(`${server.origin}/proxy/`)
    expect(await page.locator('pre.env-block').textContent()).toContain('OPENAI_BASE_URL')
    expect(page.url()).not.toContain(CANARY_KEY)
    expect(await pageText(page)).not.toContain(CANARY_KEY)
    expect(watch.consoleMessages.join('\n')).not.toContain(CANARY_KEY)
    expect(await watch.cspViolations()).toEqual([])
  })

  test('a proxied request appears live in the request log', async () => {
    await page.click('#tab-requests')
    await page.locator('.live-live').waitFor()
    const response = await sendChat('gpt-4o-mini', 'console-test/1.0')
    expect(response.status).toBe(200)
    expect(server.mock.requests.at(-1)?.headers.get('authorization')).toBe(`Bearer ${CANARY_KEY}`)
    const row = page.locator('tbody tr', { hasText: 'console-test' }).or(page.locator('tbody tr', { hasText: 'gpt-4o-mini' }))
    await row.first().waitFor({ timeout: 5000 })
    expect(await row.first().locator('.pill').textContent()).toContain('200')
    expect(await row.first().textContent()).toContain('console e2e')
    expect(await pageText(page)).not.toContain(CANARY_KEY)
  })

  test('a request whose model and user agent carry HTML is logged and shown as text', async () => {
    await sendChat(XSS_IMG, XSS_SCRIPT)
    const row = page.locator('tbody tr', { hasText: XSS_IMG })
    await row.first().waitFor({ timeout: 5000 })
    await row.first().click()
    await page.locator('lb-request-detail dl').waitFor()
    await page.waitForTimeout(300)
    expect(await page.locator('lb-request-detail dl').textContent()).toContain(XSS_SCRIPT)
    expect(await page.locator('img').count()).toBe(0)
    expect(watch.dialogs).toEqual([])
    expect(watch.foreignRequests).toEqual([])
    expect(await watch.cspViolations()).toEqual([])
  })

  test('the stats tab counts the proxied requests from the real log', async () => {
    await page.click('#tab-stats')
    await page.locator('.total-requests').waitFor()
    expect(Number(await page.locator('.total-requests').textContent())).toBe(2)
    expect(await page.locator('lb-stats td.model', { hasText: 'gpt-4o-mini' }).count()).toBe(1)
    expect(await watch.cspViolations()).toEqual([])
  })
})

describe('console on a non-loopback bind', () => {
  test('the log answers 401 until the admin key is entered in the prompt', async () => {
    const lan = await startRealServer({ host: '0.0.0.0' })
    const lanPage = await context.newPage()
    try {
      await lanPage.goto(`${lan.origin}/#requests`)
      const input = lanPage.locator('lb-admin-key #admin-key')
      await input.waitFor()
      await input.fill(lan.adminKey)
      await lanPage.click('lb-admin-key button[type="submit"]')
      await lanPage.locator('.live-live').waitFor()
      expect(await lanPage.locator('lb-admin-key').count()).toBe(0)
      expect(await lanPage.locator('.error-banner').count()).toBe(0)
      expect(lanPage.url()).not.toContain(lan.adminKey)
    } finally {
      await lanPage.close()
      await lan.stop()
    }
  })
})

describe('console over a broken log file', () => {
  test('the request log view says rows are not being stored while proxying goes on', async () => {
    const broken = await startRealServer({ corruptLog: true })
    const brokenPage = await context.newPage()
    try {
      await brokenPage.goto(`${broken.origin}/#requests`)
      const banner = brokenPage.locator('lb-request-log .log-degraded')
      await banner.waitFor({ timeout: 5000 })
      expect(await banner.textContent()).toContain('storage error SQLITE_NOTADB')
      expect(await banner.getAttribute('role')).toBe('status')
    } finally {
      await brokenPage.close()
      await broken.stop()
    }
  })
})
