/**
 * "Test this URL", the upstream model picker and the request detail, in real Chromium against the
 * real server in front of a mock OpenAI-compatible upstream: the test request streams through the
 * minted URL from the page itself, an upstream 401 shows the bridge's error with what to change,
 * the models come through the URL's own models endpoint, the detail words its warnings.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import type { Page } from 'playwright-core'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'
import { openWatchedBrowser, type PageWatch, type WatchedBrowser } from './support/browser.ts'
import { startRealServer, type RealServer } from './support/real-server.ts'

setDefaultTimeout(20_000)

const GOOD_KEY = 'sk-good-7f3a91c2'
const WRONG_KEY = 'sk-wrong-0b5e44d8'

/** Held until the test has seen the first words on the page: the rest of the stream waits for it. */
let releaseRest: () => void = () => {}
const rest = new Promise<void>((resolve) => (releaseRest = resolve))

function chunk(content: string): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'mock-large', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`
}

function upstream(request: ReceivedRequest): MockReply {
  if (request.headers.get('authorization') === `Bearer ${WRONG_KEY}`) {
    return { status: 401, json: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } }
  }
  if (request.method === 'GET' && request.path === '/v1/models') {
    return { json: { object: 'list', data: [{ id: 'mock-small', object: 'model' }, { id: 'mock-large', object: 'model' }] } }
  }
  const body = request.json as { stream?: boolean; model?: string }
  if (body.stream === true) return { chunks: [chunk('Hello'), { data: chunk(' from the stream'), after: rest }, 'data: [DONE]\n\n'] }
  return {
    json: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: body.model ?? 'mock-large',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    },
  }
}

let browser: WatchedBrowser
let server: RealServer
let page: Page
let watch: PageWatch

beforeAll(async () => {
  server = await startRealServer({ upstream })
  browser = await openWatchedBrowser(server.origin)
  ;({ page, watch } = browser)
})

afterAll(async () => {
  releaseRest()
  await browser?.close()
  await server?.stop()
})

async function mintInForm(key: string): Promise<void> {
  await page.goto(`${server.origin}/`)
  await page.locator('#provider option[value="openai"]').waitFor({ state: 'attached' })
  await page.selectOption('#source-protocol', 'openai')
  await page.selectOption('#provider', 'openai')
  await page.fill('#base-url', `${server.mock.url}/v1`)
  await page.fill('#auth-token', key)
  await page.check('input[name="model-mode"][value="passthrough"]')
  await page.click('button[type="submit"]')
  await page.locator('output.proxy-url').waitFor()
}

describe('Test this URL', () => {
  test('streams the answer through the new URL from the page, words appearing before the stream ends', async () => {
    await mintInForm(GOOD_KEY)
    await page.click('button.test-url')
    const answer = page.locator('lb-url-test output.answer')
    await answer.filter({ hasText: 'Hello' }).waitFor()
    // The upstream has not sent the rest yet: what is shown came from the stream as it went.
    expect(await answer.getAttribute('aria-busy')).toBe('true')
    expect(await answer.textContent()).toBe('Hello')
    releaseRest()
    await page.locator('lb-url-test output.answer[aria-busy="false"]').waitFor()
    expect(await answer.textContent()).toBe('Hello from the stream')
    const sent = server.mock.requests.at(-1)
    expect(sent?.path).toBe('/v1/chat/completions')
    expect((sent?.json as { stream?: boolean }).stream).toBe(true)
    expect(sent?.headers.get('authorization')).toBe(`Bearer ${GOOD_KEY}`)
    // Passthrough: the model a client of the preset would name, as the form shows it.
    expect((sent?.json as { model?: string }).model).toBe(await page.locator('lb-url-test input.test-model').inputValue())
    expect(watch.foreignRequests).toEqual([])
    expect(await watch.cspViolations()).toEqual([])
  })

  test("lists the upstream's models through the URL and offers them in the model mapping", async () => {
    await page.click('button.list-models')
    await page.locator('ul.upstream-models li').first().waitFor()
    expect(await page.locator('ul.upstream-models li').allTextContents()).toEqual(['mock-large', 'mock-small'])
    expect(server.mock.requests.at(-1)?.path).toBe('/v1/models')
    const tried = page.locator('lb-url-test datalist#test-models option')
    expect(await tried.evaluateAll((items) => items.map((item) => item.getAttribute('value')))).toEqual(['mock-large', 'mock-small'])
    await page.check('input[name="model-mode"][value="map"]')
    const options = page.locator('lb-model-map datalist#upstream-models option')
    expect(await options.evaluateAll((items) => items.map((item) => item.getAttribute('value')))).toEqual(['mock-large', 'mock-small'])
    expect(await page.locator('lb-model-map input.upstream').first().getAttribute('list')).toBe('upstream-models')
  })

  test('the model to try can be changed, for instance to a listed one', async () => {
    await page.fill('lb-url-test input.test-model', 'mock-small')
    await page.click('button.test-url')
    await page.locator('lb-url-test output.answer[aria-busy="false"]').waitFor()
    expect((server.mock.requests.at(-1)?.json as { model?: string }).model).toBe('mock-small')
  })

  test('an upstream 401 shows the error code, the message and what to change', async () => {
    await mintInForm(WRONG_KEY)
    await page.click('button.test-url')
    const error = page.locator('lb-url-test .test-error')
    await error.waitFor()
    const text = (await error.textContent()) ?? ''
    expect(text).toContain('UPSTREAM_ERROR')
    expect(text).toContain('HTTP 401')
    expect(text).toContain('Incorrect API key provided')
    expect(await page.locator('lb-url-test .test-hint').textContent()).toContain('check the key')
    expect(text).not.toContain(WRONG_KEY)
  })

  test('an upstream that gives no model list leaves the mapping free text and says why', async () => {
    await page.click('button.list-models')
    const note = page.locator('lb-upstream-models .models-failed')
    await note.waitFor()
    expect(await note.textContent()).toContain('HTTP 401')
    expect(await note.textContent()).toContain('check the key')
    await page.check('input[name="model-mode"][value="map"]')
    expect(await page.locator('lb-model-map datalist').count()).toBe(0)
  })
})

describe('request detail', () => {
  test('shows the path, the endpoint group, each warning in words and the --log-bodies hint', async () => {
    const minted = await fetch(`${server.origin}/api/generate-url`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 2,
        source: { protocol: 'anthropic' },
        target: { protocol: 'openai', baseUrl: `${server.mock.url}/v1`, auth: { type: 'bearer', token: GOOD_KEY } },
        model: { mode: 'force', force: 'mock-large' },
        label: 'warned',
      }),
    })
    expect(minted.status).toBe(200)
    const { proxyUrl } = (await minted.json()) as { proxyUrl: string }
    const answered = await fetch(`${proxyUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 32, top_k: 5, messages: [{ role: 'user', content: 'hi' }] }),
    })
    expect(answered.status).toBe(200)
    await page.goto(`${server.origin}/#requests`)
    const row = page.locator('tbody tr', { hasText: 'warned' })
    await row.first().waitFor({ timeout: 5000 })
    await row.first().click()
    const detail = page.locator('lb-request-detail')
    await detail.locator('dl').waitFor()
    const entries = await detail.locator('dl').evaluate((list) => {
      const out: Record<string, string> = {}
      for (const term of list.querySelectorAll('dt')) out[term.textContent ?? ''] = term.nextElementSibling?.textContent ?? ''
      return out
    })
    expect(entries.Path).toBe('POST /v1/messages')
    expect(entries['Endpoint group']).toBe('chat')
    const warning = detail.locator('ul.warnings li', { hasText: 'top_k' })
    expect(await warning.locator('.sentence').textContent()).toBe('A request field the upstream protocol has no equivalent for was removed.')
    expect(await warning.locator('.code').textContent()).toBe('dropped-field')
    expect(await detail.locator('.bodies-hint').textContent()).toContain('--log-bodies')
  })
})
