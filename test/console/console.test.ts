/**
 * The console in real Chromium against the console plugin and an API with the documented shapes.
 * One browser for the file; pages are reused where the state allows it.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { CONSOLE_CSP } from '../../src/http/console.ts'
import { openWatchedBrowser, type PageWatch, type WatchedBrowser } from './support/browser.ts'
import { startConsoleServer, type ConsoleServer } from './support/console-server.ts'
import { makeRow } from './support/fake-api.ts'
import { XSS_IMG, XSS_SCRIPT, XSS_URL } from './support/hostile-strings.ts'

setDefaultTimeout(20_000)

const CANARY_KEY = 'sk-canary-7f3a9c1e55d24b8a'
const SHOTS = '.tmp'

let browser: WatchedBrowser
let context: BrowserContext
let server: ConsoleServer
let page: Page
let watch: PageWatch

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  server = startConsoleServer()
  browser = await openWatchedBrowser(server.origin)
  ;({ context, page, watch } = browser)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Loads the console afresh (a goto that only changes the hash would not reload it). */
async function openConsole(target: Page, hash = ''): Promise<void> {
  await target.goto('about:blank')
  await target.goto(`${server.origin}/${hash}`)
  await target.locator('lb-app h1').waitFor()
}

describe('console assets', () => {
  test('serves / with a strict CSP, nosniff and the right content types', async () => {
    const index = await fetch(`${server.origin}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
    expect(CONSOLE_CSP).toContain("script-src 'self'")
    expect(CONSOLE_CSP).not.toContain('unsafe-inline')
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')
    expect(index.headers.get('content-type')).toStartWith('text/html')
    expect(await index.text()).toContain('<lb-app>')
    const script = await fetch(`${server.origin}/assets/app.js`)
    expect(script.headers.get('content-type')).toStartWith('text/javascript')
    // Lit's production build: no dev-mode warning, no debug-log hooks.
    const scriptText = await script.clone().text()
    expect(scriptText).not.toContain('Lit is in dev mode')
    expect(scriptText).not.toContain('litIssuedWarnings')
    expect(script.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
    const styles = await fetch(`${server.origin}/assets/styles.css`)
    expect(styles.headers.get('content-type')).toStartWith('text/css')
    expect(await styles.text()).toContain('--lb-accent')
  })
})

describe('new URL form', () => {
  test('generates a URL for a catalog provider without the key reaching the URL bar or the console', async () => {
    await openConsole(page)
    await page.locator('#provider option[value="groq"]').waitFor({ state: 'attached' })
    await page.selectOption('#provider', 'groq')
    await expect(page.locator('.route').textContent()).resolves.toContain('https://api.groq.com/openai/v1')
    expect(await page.locator('#auth-token').getAttribute('type')).toBe('password')
    await page.fill('#auth-token', CANARY_KEY)
    await page.fill('#force-model', 'llama-3.3-70b-versatile')
    await page.fill('#label', 'laptop claude-code')
    await page.click('button[type="submit"]')

    const proxyUrl = (await page.locator('output.proxy-url').textContent()) ?? ''
    expect(proxyUrl).toStartWith(`${server.origin}/proxy/`)
    expect(await page.locator('pre.env-block').textContent()).toContain(proxyUrl)
    expect(await page.locator('pre.curl-example').textContent()).toContain('curl ')
    expect(await page.locator('ul.notes li').count()).toBe(2)
    expect(server.api.generateBodies.at(-1)).toEqual({
      version: 2,
      source: { protocol: 'anthropic' },
      target: { provider: 'groq', auth: { type: 'bearer', token: CANARY_KEY } },
      model: { mode: 'force', force: 'llama-3.3-70b-versatile', stripClientSuffix: true },
      endpoints: { mode: 'auto' },
      label: 'laptop claude-code',
    })
    expect(page.url()).not.toContain(CANARY_KEY)
    expect(page.url()).not.toContain('sk-')
    expect(watch.consoleMessages.join('\n')).not.toContain(CANARY_KEY)
    expect(watch.consoleMessages.join('\n')).not.toContain('Lit is in dev mode')
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(CANARY_KEY)
    expect(await watch.cspViolations()).toEqual([])
    await page.screenshot({ path: `${SHOTS}/console-new-url.png`, fullPage: true })
  })

  test('a custom endpoint with a model map sends the map, and a server error is shown as its message', async () => {
    await openConsole(page)
    await page.locator('#provider option[value="groq"]').waitFor({ state: 'attached' })
    await page.selectOption('#source-protocol', 'openai')
    await page.selectOption('#provider', '')
    await page.selectOption('#target-protocol', 'anthropic')
    await page.selectOption('#auth-type', 'x-api-key')
    await page.fill('#base-url', 'http://169.254.169.254/v1')
    await page.fill('#auth-token', CANARY_KEY)
    await page.check('input[name="model-mode"][value="map"]')
    await page.locator('input.client').nth(0).fill('gpt-4o*')
    await page.locator('input.upstream').nth(0).fill('claude-sonnet-4-5')
    await page.click('button.add')
    await page.locator('input.client').nth(1).fill('gpt-4o-mini')
    await page.locator('input.upstream').nth(1).fill('claude-haiku-4-5')
    await page.click('button[type="submit"]')
    await expect(page.locator('#base-url-error').textContent()).resolves.toContain('169.254.169.254 is a metadata address')
    expect(await page.locator('#base-url-error').textContent()).not.toContain('target.baseUrl')
    expect(await page.locator('#base-url').getAttribute('aria-invalid')).toBe('true')

    await page.fill('#base-url', 'https://llm.example.com')
    expect(await page.locator('#base-url').getAttribute('aria-invalid')).toBe('false')
    await page.click('button[type="submit"]')
    await page.locator('output.proxy-url').waitFor()
    expect(server.api.generateBodies.at(-1)).toEqual({
      version: 2,
      source: { protocol: 'openai' },
      target: { protocol: 'anthropic', baseUrl: 'https://llm.example.com', auth: { type: 'x-api-key', token: CANARY_KEY } },
      model: { mode: 'map', map: { 'gpt-4o*': 'claude-sonnet-4-5', 'gpt-4o-mini': 'claude-haiku-4-5' } },
      endpoints: { mode: 'auto' },
    })
    expect(page.url()).not.toContain(CANARY_KEY)
  })

  test('a client protocol this build has no codec for is marked in the picker and warned about when chosen', async () => {
    await openConsole(page)
    await page.locator('#provider option[value="groq"]').waitFor({ state: 'attached' })
    expect(await page.locator('#source-protocol option[value="gemini"]').textContent()).toContain('not available in this build')
    expect(await page.locator('#source-protocol option[value="openai"]').textContent()).not.toContain('not available')
    expect(await page.locator('.codec-missing').count()).toBe(0)
    await page.selectOption('#source-protocol', 'gemini')
    expect(await page.locator('.codec-missing').textContent()).toContain('no translator')
    expect(await page.locator('.route').textContent()).toContain('no translation in this build')
  })

  test('a catalog docs link that is not http(s) is not made a link', async () => {
    await openConsole(page)
    await page.locator('#provider option[value="anthropic"]').waitFor({ state: 'attached' })
    await page.selectOption('#provider', 'anthropic')
    await page.locator('.route').waitFor()
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0)
    await page.selectOption('#provider', 'ollama')
    expect(await page.locator('lb-auth-fields p').textContent()).toContain('needs no key')
    expect(watch.dialogs).toEqual([])
  })
})

describe('request log', () => {
  test('renders rows newest first, coloured by status, and opens a row in the detail view', async () => {
    const now = Date.now()
    server.api.seed(
      makeRow({ requestId: 'req_old', startedAt: now - 30_000, status: 200 }),
      makeRow({ requestId: 'req_rate', startedAt: now - 20_000, status: 429, errorCode: 'RATE_LIMITED', errorMessage: 'slow down', warnings: [] }),
      makeRow({ requestId: 'req_new', startedAt: now - 10_000, status: 502, errorCode: 'UPSTREAM_ERROR', upstreamStatus: 500 }),
    )
    await openConsole(page, '#requests')
    await page.locator('tbody tr[data-request-id="req_old"]').waitFor()
    const ids = await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-request-id')))
    expect(ids.slice(0, 3)).toEqual(['req_new', 'req_rate', 'req_old'])
    expect(await page.locator('tr[data-request-id="req_new"] .pill').getAttribute('class')).toContain('tone-server-error')
    expect(await page.locator('tr[data-request-id="req_rate"] .pill').getAttribute('class')).toContain('tone-client-error')
    expect(await page.locator('tr[data-request-id="req_old"] .pill').getAttribute('class')).toContain('tone-ok')
    const modelCell = await page.locator('tr[data-request-id="req_old"] td.model').textContent()
    expect(modelCell).toContain('claude-sonnet-4-5')
    expect(modelCell).toContain('llama-3.3-70b-versatile')

    await page.click('tr[data-request-id="req_old"]')
    const detail = page.locator('lb-request-detail')
    await detail.locator('ul.warnings').waitFor()
    expect(await detail.locator('ul.warnings').textContent()).toContain('cache_control was dropped')
    expect(await detail.locator('dl').textContent()).toContain('claude-cli/2.0.14')
    expect(await watch.cspViolations()).toEqual([])
    await page.screenshot({ path: `${SHOTS}/console-requests.png`, fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/console-requests-dark.png`, fullPage: true })
    await page.emulateMedia({ colorScheme: 'light' })
  })

  test('a row published on the live tail appears at the top without a reload', async () => {
    await waitFor(() => server.api.liveSubscribers > 0)
    const row = makeRow({ requestId: 'req_live', startedAt: Date.now(), clientModel: 'live-model' })
    server.api.publish(row)
    await page.locator('tbody tr[data-request-id="req_live"]').waitFor({ timeout: 5000 })
    expect(await page.locator('tbody tr').first().getAttribute('data-request-id')).toBe('req_live')
    await expect(page.locator('.live').textContent()).resolves.toContain('Live')
  })

  test('log content with HTML and script payloads is shown as text: no dialog, no request, no element', async () => {
    const payloadRow = makeRow({
      requestId: 'req_xss',
      startedAt: Date.now() + 1000,
      status: 400,
      clientModel: XSS_IMG,
      upstreamModel: XSS_SCRIPT,
      userAgent: XSS_SCRIPT,
      errorMessage: `${XSS_IMG} ${XSS_URL}`,
      errorCode: XSS_IMG,
      label: XSS_URL,
      provider: XSS_IMG,
      warnings: [{ code: XSS_IMG, field: XSS_SCRIPT, message: XSS_URL }],
    })
    server.api.seed(payloadRow)
    const requested: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    await openConsole(page, '#requests')
    await page.locator('tbody tr[data-request-id="req_xss"]').waitFor()
    await waitFor(() => server.api.liveSubscribers > 0)
    server.api.publish({ ...payloadRow, requestId: 'req_xss_live', startedAt: Date.now() + 2000 })
    await page.locator('tbody tr[data-request-id="req_xss_live"]').waitFor()
    await page.click('tr[data-request-id="req_xss"]')
    await page.locator('lb-request-detail ul.warnings').waitFor()
    await page.waitForTimeout(300)

    expect(await page.locator('tr[data-request-id="req_xss"] td.model').textContent()).toContain(XSS_IMG)
    expect(await page.locator('tr[data-request-id="req_xss"] td.model').textContent()).toContain(XSS_SCRIPT)
    const detailText = (await page.locator('lb-request-detail dl').textContent()) ?? ''
    expect(detailText).toContain(XSS_SCRIPT)
    expect(detailText).toContain(`${XSS_IMG} ${XSS_URL}`)
    expect(await page.locator('lb-request-detail ul.warnings').textContent()).toContain(XSS_URL)
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0)
    expect(await page.locator('lb-request-log script').count()).toBe(0)
    expect(watch.dialogs).toEqual([])
    expect(watch.foreignRequests).toEqual([])
    expect(requested).not.toContain('/x')
    expect(await watch.cspViolations()).toEqual([])
  })
})

describe('stats', () => {
  test('shows totals, a chart and the per-model table, with model names as text', async () => {
    await openConsole(page, '#stats')
    await page.locator('.total-requests').waitFor()
    expect(Number(await page.locator('.total-requests').textContent())).toBe(server.api.rows.length)
    await page.locator('lb-stats svg.plot rect.bar').first().waitFor()
    expect(await page.locator('lb-stats svg.plot rect.bar').count()).toBe(2)
    expect(await page.locator('lb-stats td.model', { hasText: XSS_SCRIPT }).count()).toBeGreaterThan(0)
    expect(await page.locator('img').count()).toBe(0)
    expect(watch.dialogs).toEqual([])
    expect(await watch.cspViolations()).toEqual([])
    await page.screenshot({ path: `${SHOTS}/console-stats.png`, fullPage: true })
  })
})

describe('responsive layout', () => {
  test('on a phone-sized viewport no view scrolls the page sideways', async () => {
    const phone = await context.newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    try {
      for (const hash of ['', '#requests', '#stats']) {
        await phone.goto('about:blank')
        await phone.goto(`${server.origin}/${hash}`)
        await phone.locator('lb-app h1').waitFor()
        await phone.waitForTimeout(300)
        const overflow = await phone.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth))
        expect({ hash, overflow }).toEqual({ hash, overflow: 0 })
      }
      await phone.goto('about:blank')
      await phone.goto(`${server.origin}/#requests`)
      await phone.locator('tbody tr').first().waitFor()
      await phone.screenshot({ path: `${SHOTS}/console-requests-phone.png`, fullPage: true })
    } finally {
      await phone.close()
    }
  })
})

describe('admin key', () => {
  test('a 401 from /api/logs shows the admin-key prompt, and the key entered unlocks the log', async () => {
    const locked = startConsoleServer({ adminKey: 'adm_0123456789' })
    locked.api.seed(makeRow({ requestId: 'req_locked', startedAt: Date.now() }))
    const lockedPage = await context.newPage()
    try {
      await lockedPage.goto(`${locked.origin}/#requests`)
      const input = lockedPage.locator('lb-admin-key #admin-key')
      await input.waitFor()
      expect(await input.getAttribute('type')).toBe('password')
      await lockedPage.screenshot({ path: `${SHOTS}/console-admin-key.png` })
      await input.fill('adm_0123456789')
      await lockedPage.click('lb-admin-key button[type="submit"]')
      await lockedPage.locator('tbody tr[data-request-id="req_locked"]').waitFor()
      expect(await lockedPage.locator('lb-admin-key').count()).toBe(0)
      expect(locked.api.logRequests.at(-1)?.authorization).toBe('Bearer adm_0123456789')
      expect(lockedPage.url()).not.toContain('adm_')
      await waitFor(() => locked.api.liveSubscribers > 0)
    } finally {
      await lockedPage.close()
      await locked.stop()
    }
  })
})

describe('content security policy', () => {
  test('the violation detector used above does catch an inline style', async () => {
    await openConsole(page)
    await page.evaluate(() => {
      const style = document.createElement('style')
      style.textContent = 'body { outline: 1px solid red }'
      document.head.append(style)
    })
    await waitFor(async () => (await watch.cspViolations()).length > 0)
    expect((await watch.cspViolations()).join()).toContain('style-src')
  })
})

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
