/**
 * The console's answers to what users tripped over, in real Chromium against the real server
 * (createServer, SQLite log, real generate-url): exported environment, errors beside their
 * fields, no stale result, a refused admin key, honest costs and a chart over the whole period,
 * phone layout, the default model row, filters, and the wildcard-bind note.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import type { Locator, Page } from 'playwright-core'
import { openWatchedBrowser, type WatchedBrowser } from './support/browser.ts'
import { startRealServer, type RealServer } from './support/real-server.ts'

setDefaultTimeout(30_000)

const KEY = 'sk-fixes-3b1f07c2'

let browser: WatchedBrowser
let server: RealServer
let page: Page
let proxyUrl = ''

beforeAll(async () => {
  server = await startRealServer()
  browser = await openWatchedBrowser(server.origin)
  page = browser.page
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function openForm(target: Page, origin = server.origin): Promise<void> {
  await target.goto('about:blank')
  await target.goto(`${origin}/`)
  await target.locator('#provider option[value="openai"]').waitFor({ state: 'attached' })
}

/** Fills the form for the mock upstream (an OpenAI-compatible custom endpoint on the allowlist). */
async function fillForMock(target: Page): Promise<void> {
  await target.selectOption('#source-protocol', 'anthropic')
  await target.selectOption('#provider', 'openai')
  await target.fill('#base-url', `${server.mock.url}/v1`)
  await target.fill('#auth-token', KEY)
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => (element.getRootNode() as Document | ShadowRoot).activeElement === element)
}

async function sendMessage(model: string): Promise<void> {
  const response = await fetch(`${proxyUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'any', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
  })
  expect(response.status).toBe(200)
}

/** A URL minted through the API and one request through it: a row in the log for tests that run alone. */
async function logOneRequest(model = 'gpt-4o-mini', label = 'api minted'): Promise<void> {
  const minted = await fetch(`${server.origin}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version: 2, source: { protocol: 'openai' }, target: { provider: 'openai', baseUrl: `${server.mock.url}/v1`, auth: { token: KEY } }, model: { mode: 'passthrough' }, label }),
  })
  const { proxyUrl: url } = (await minted.json()) as { proxyUrl: string }
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer any' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  })
  expect(response.status).toBe(200)
}

describe('minting', () => {
  test('a default row catches every other client model, and the curl example sends a client model name', async () => {
    await openForm(page)
    await fillForMock(page)
    await page.check('input[name="model-mode"][value="map"]')
    expect(await page.locator('lb-model-map .client-hint').textContent()).toContain('claude-haiku')
    expect(await page.locator('lb-model-map .unmapped').textContent()).toContain('sent upstream unchanged')
    await page.click('button.add-families')
    expect(await page.locator('input.client').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual([
      'claude-opus-*',
      'claude-sonnet-*',
      'claude-haiku-*',
    ])
    await page.locator('input.upstream').nth(0).fill('big-model')
    await page.locator('input.upstream').nth(1).fill('mid-model')
    await page.locator('input.upstream').nth(2).fill('small-model')
    await page.fill('#fallback-model', 'default-model')
    expect(await page.locator('lb-model-map .unmapped').count()).toBe(0)
    await page.fill('#label', 'fixes laptop')
    await page.click('button[type="submit"]')
    proxyUrl = (await page.locator('output.proxy-url').textContent()) ?? ''
    expect(proxyUrl).toStartWith(`${server.origin}/proxy/`)
    const curl = (await page.locator('pre.curl-example').textContent()) ?? ''
    expect(curl).toContain('"model":"claude-')
    expect(curl).not.toContain('mid-model')
    // The catch-all really maps: an unknown client name reaches the upstream as the default model.
    await sendMessage('claude-3-unknown')
    expect((server.mock.requests.at(-1)?.json as { model?: string }).model).toBe('default-model')
  })

  test('the bash form of the environment, pasted into bash -c, reaches a child process', async () => {
    await openForm(page)
    await fillForMock(page)
    await page.fill('#force-model', 'gpt-4o-mini')
    await page.click('button[type="submit"]')
    const minted = (await page.locator('output.proxy-url').textContent()) ?? ''
    await page.locator('lb-url-result button.shell-posix').click({ timeout: 2000 }).catch(() => undefined)
    const block = (await page.locator('pre.env-block').textContent()) ?? ''
    // printenv is a child of that shell: it sees exported variables only.
    const child = Bun.spawn(['bash', '-c', `${block}\nprintenv ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN`], { stdout: 'pipe', env: { PATH: process.env.PATH ?? '' } })
    const printed = (await new Response(child.stdout).text()).trim().split('\n')
    await child.exited
    expect(printed).toEqual([minted, 'any-value'])
    expect(block).toContain('export ANTHROPIC_BASE_URL=')
    await page.click('lb-url-result button.shell-fish')
    expect(await page.locator('pre.env-block').textContent()).toContain(`set -gx ANTHROPIC_BASE_URL '${minted}'`)
    await page.click('lb-url-result button.shell-powershell')
    expect(await page.locator('pre.env-block').textContent()).toContain(`$env:ANTHROPIC_BASE_URL = '${minted}'`)
    await page.click('lb-url-result button.shell-command')
    const oneLine = (await page.locator('pre.env-block').textContent()) ?? ''
    expect(oneLine).toEndWith(' claude')
    expect(oneLine.split('\n')).toHaveLength(1)
  })

  test('after an error the previous result is gone, and the message sits beside its field, marked and focused', async () => {
    await openForm(page)
    await fillForMock(page)
    await page.fill('#force-model', 'gpt-4o-mini')
    await page.click('button[type="submit"]')
    await page.locator('output.proxy-url').waitFor()
    await page.fill('#base-url', 'http://169.254.169.254/v1')
    await page.click('button[type="submit"]')
    const message = page.locator('#base-url-error')
    await message.or(page.locator('lb-url-form .error-banner')).first().waitFor()
    expect(await page.locator('lb-url-result').count()).toBe(0)
    expect(await page.locator('output.proxy-url').count()).toBe(0)
    expect(await page.locator('#base-url').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#base-url').getAttribute('aria-describedby')).toBe('base-url-error')
    expect(await isFocused(page.locator('#base-url'))).toBe(true)
    expect(await message.textContent()).not.toMatch(/target\.baseUrl/)
  })

  test('fields left empty are each marked with their own message, and the first takes the focus', async () => {
    await openForm(page)
    await page.selectOption('#provider', '')
    await page.check('input[name="model-mode"][value="force"]')
    await page.click('button[type="submit"]')
    await page.locator('#base-url-error').waitFor()
    expect(await page.locator('#base-url').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#auth-token').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#auth-token-error').textContent()).toContain('Enter the API key')
    expect(await page.locator('#force-model').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#force-model-error').textContent()).toContain('upstream model')
    expect(await isFocused(page.locator('#base-url'))).toBe(true)
  })
})

describe('request log and stats', () => {
  test('search finds a request by its URL label, and the provider and period filters reach the log API', async () => {
    await logOneRequest('gpt-4o-mini', 'search-me desk')
    await page.goto('about:blank')
    await page.goto(`${server.origin}/#requests`)
    await page.locator('tbody tr').first().waitFor()
    const searched = page.waitForResponse((response) => response.url().includes('q=search-me'))
    await page.fill('#log-search', 'search-me')
    await searched
    await page.locator('tbody tr', { hasText: 'search-me desk' }).first().waitFor({ timeout: 3000 })
    await page.fill('#log-search', 'no such label anywhere')
    await page.locator('p.empty', { hasText: 'No request matches' }).waitFor()
    await page.fill('#log-search', '')
    await page.locator('tbody tr').first().waitFor()
    const filtered = page.waitForRequest((request) => request.url().includes('provider=openai'))
    await page.selectOption('#log-provider', 'openai')
    await filtered
    const period = page.waitForRequest((request) => /[?&]from=\d+/.test(request.url()))
    await page.selectOption('#log-period', '1h')
    await period
    await page.locator('tbody tr').first().waitFor()
  })

  test('a model without a known price costs "—", not "$0", and its stats row links to its requests', async () => {
    await logOneRequest('unpriced-model-x')
    await page.goto('about:blank')
    await page.goto(`${server.origin}/#stats`)
    const row = page.locator('lb-stats tbody tr', { hasText: 'unpriced-model-x' })
    await row.waitFor()
    expect((await row.locator('td').last().textContent())?.trim()).toBe('—')
    await row.locator('a.to-requests').click()
    await page.locator('lb-request-log tbody tr').first().waitFor()
    expect(page.url()).toContain('#requests?')
    expect(await page.locator('lb-request-log .chip-model').textContent()).toContain('unpriced-model-x')
    const models = await page.locator('lb-request-log tbody td.model').allTextContents()
    expect(models.length).toBeGreaterThan(0)
    for (const text of models) expect(text).toContain('unpriced-model-x')
  })

  test('"Last hour" charts all its minutes with axes and a legend, not only the busy ones', async () => {
    await page.goto('about:blank')
    await page.goto(`${server.origin}/#stats`)
    await logOneRequest()
    await page.locator('lb-stats #stats-range').waitFor()
    const minutes = page.waitForResponse((response) => response.url().includes('bucket=minute'))
    await page.selectOption('#stats-range', '1h')
    await minutes
    await page.locator('lb-stats').evaluate((element) => (element as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete)
    const bar = page.locator('lb-stats svg[role="img"] rect.bar')
    await bar.first().waitFor()
    // 60 minutes share the 100 units of the plot: a bar is under 2 wide, whatever few minutes hold rows.
    const widths = await bar.evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('width'))))
    for (const width of widths) expect(width).toBeLessThan(2)
    expect(['60', '61']).toContain((await page.locator('lb-stats svg[role="img"]').getAttribute('data-buckets')) ?? '')
    expect(await page.locator('lb-stats .y-axis').textContent()).toContain('0')
    expect(await page.locator('lb-stats .x-axis').textContent()).toContain('now')
    expect(await page.locator('lb-stats .legend').textContent()).toContain('Errors')
  })
})

describe('phone width (390 px)', () => {
  test('the form does not overflow, and the checkbox label is one column of text beside its box', async () => {
    const phone = await browser.context.newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    try {
      await openForm(phone)
      await phone.check('input[name="model-mode"][value="map"]')
      const widest = await phone.evaluate(() => {
        let right = 0
        const walk = (root: Document | ShadowRoot): void => {
          for (const element of root.querySelectorAll('*')) {
            right = Math.max(right, element.getBoundingClientRect().right)
            if (element.shadowRoot !== null) walk(element.shadowRoot)
          }
        }
        walk(document)
        return right
      })
      expect(widest).toBeLessThanOrEqual(390)
      const columns = await phone.locator('lb-model-map label.check').evaluate((label) => {
        const lefts = new Set<number>()
        for (const node of label.childNodes) {
          if (node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() === '') continue
          const range = document.createRange()
          range.selectNodeContents(node)
          const box = node.nodeType === Node.ELEMENT_NODE ? (node as Element).getBoundingClientRect() : range.getClientRects()[0]
          if (box !== undefined) lefts.add(Math.round(box.left))
        }
        return lefts.size
      })
      expect(columns).toBe(2)
    } finally {
      await phone.close()
    }
  })

  test('every column of the Requests table can be read: tokens and duration are on screen', async () => {
    await logOneRequest()
    const phone = await browser.context.newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    try {
      await phone.goto(`${server.origin}/#requests`)
      const row = phone.locator('lb-request-log tbody tr').first()
      await row.waitFor()
      const headers = (await phone.locator('lb-request-log thead th').allTextContents()).map((text) => text.trim())
      for (const label of ['Tokens in / out', 'Duration / TTFB', 'Cost', 'Provider']) {
        // Found by the header's column, so that the check does not depend on how the cells are marked.
        const cell = row.locator('td').nth(headers.findIndex((text) => text.toLowerCase() === label.toLowerCase()))
        const box = await cell.boundingBox({ timeout: 2000 })
        expect({ label, visible: box !== null && box.width > 0 && box.x >= 0 && box.x + box.width <= 390 }).toEqual({ label, visible: true })
      }
      const overflow = await phone.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth))
      expect(overflow).toBe(0)
    } finally {
      await phone.close()
    }
  })
})

describe('a wildcard bind', () => {
  test('a wrong admin key is said to be refused, with where the key is stored, and the locked list does not claim to be empty', async () => {
    const lan = await startRealServer({ host: '0.0.0.0' })
    const lanPage = await browser.context.newPage()
    try {
      await lanPage.goto(`${lan.origin}/#requests`)
      const input = lanPage.locator('lb-admin-key #admin-key')
      await input.waitFor()
      expect(await lanPage.locator('lb-request-log').textContent()).not.toContain('No requests yet')
      await input.fill('lba_wrong-key')
      await lanPage.click('lb-admin-key button[type="submit"]')
      const refused = lanPage.locator('lb-admin-key .key-refused')
      await refused.waitFor()
      expect(await refused.textContent()).toContain('refused')
      expect(await refused.textContent()).toContain('<data-dir>/admin.key')
      await lanPage.locator('lb-request-log p.empty', { hasText: 'locked' }).waitFor()
      expect(await lanPage.locator('lb-request-log').textContent()).not.toContain('No requests yet')
    } finally {
      await lanPage.close()
      await lan.stop()
    }
  })

  test('the minted URL notes say the URLs work only on this machine without --public-url', async () => {
    const lan = await startRealServer({ host: '0.0.0.0' })
    const lanPage = await browser.context.newPage()
    try {
      await openForm(lanPage, lan.origin)
      await lanPage.selectOption('#provider', 'openai')
      await lanPage.fill('#auth-token', KEY)
      await lanPage.fill('#force-model', 'gpt-4o-mini')
      await lanPage.click('button[type="submit"]')
      const input = lanPage.locator('lb-admin-key #admin-key')
      const notes = lanPage.locator('ul.notes')
      await input.or(notes).first().waitFor()
      if (await input.isVisible()) {
        await input.fill(lan.adminKey)
        await lanPage.click('lb-admin-key button[type="submit"]')
        await lanPage.click('button[type="submit"]')
      }
      await notes.waitFor()
      expect(await notes.textContent()).toContain('--public-url')
    } finally {
      await lanPage.close()
      await lan.stop()
    }
  })
})
