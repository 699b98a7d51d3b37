/**
 * The README's console screenshots (New URL, Requests, request detail, Stats, Minted URLs,
 * Providers), taken in real Chromium against the real server (the browser tests' helpers) in
 * front of a mock OpenAI-compatible upstream: `bun run scripts/screenshots.ts`
 * writes docs/screenshots/*.png. Nothing else writes there, so `make test` leaves the tree alone.
 * Each PNG is 1000 px wide; pngquant (apt-get install pngquant), when installed, reduces it to a
 * palette (the console's flat colours lose nothing visible) to keep it under 80 KB.
 */
import { mkdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { launchBrowser } from '../test/console/support/browser.ts'
import { startRealServer } from '../test/console/support/real-server.ts'
import type { MockReply, ReceivedRequest } from '../test/support/mock-upstream.ts'

const OUT = resolve(import.meta.dir, '../docs/screenshots')
const MAX_BYTES = 80 * 1024
const UPSTREAM_KEY = 'sk-demo-2c1f0e7b9a'
const REFUSED_KEY = 'sk-expired-4b6d'
const MODELS = ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'o4-mini']

function chunk(model: string, content: string): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`
}

function upstream(request: ReceivedRequest): MockReply {
  if (request.headers.get('authorization') === `Bearer ${REFUSED_KEY}`) {
    return { status: 401, json: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } }
  }
  if (request.method === 'GET') return { json: { object: 'list', data: MODELS.map((id) => ({ id, object: 'model' })) } }
  const body = request.json as { model?: string; stream?: boolean; messages?: unknown[] }
  const model = body.model ?? 'gpt-4o-mini'
  const words = ['Hello', ' from', ' the', ' upstream,', ' through', ' llm-bridge.']
  if (body.stream === true) {
    const usage = { id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 24, completion_tokens: 9, total_tokens: 33 } }
    return { chunks: [...words.map((word) => chunk(model, word)), `data: ${JSON.stringify(usage)}\n\n`, 'data: [DONE]\n\n'] }
  }
  const completion = { role: 'assistant', content: words.join('') }
  const prompt = 180 + 40 * (body.messages?.length ?? 1)
  return {
    json: { id: 'chatcmpl-demo', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: completion, finish_reason: 'stop' }], usage: { prompt_tokens: prompt, completion_tokens: 42, total_tokens: prompt + 42 } },
  }
}

async function mint(origin: string, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${origin}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: 2, ...body }) })
  if (!response.ok) throw new Error(`mint: HTTP ${response.status} ${await response.text()}`)
  return ((await response.json()) as { proxyUrl: string }).proxyUrl
}

/** Traffic for the log and the stats: two clients, a few models, a refused key, a dropped field. */
async function sendTraffic(origin: string, mockUrl: string): Promise<void> {
  const target = { protocol: 'openai', provider: 'openai', baseUrl: `${mockUrl}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }
  const claude = await mint(origin, { source: { protocol: 'anthropic' }, target, model: { mode: 'map', map: { 'claude-sonnet-*': 'gpt-4.1', 'claude-haiku-*': 'gpt-4o-mini' } }, label: 'claude-code laptop' })
  const sdk = await mint(origin, { source: { protocol: 'openai' }, target, model: { mode: 'passthrough' }, label: 'eval scripts' })
  const refused = await mint(origin, { source: { protocol: 'openai' }, target: { ...target, auth: { type: 'bearer', token: REFUSED_KEY } }, model: { mode: 'passthrough' }, label: 'old key' })
  const anthropic = (model: string, extra: Record<string, unknown> = {}) =>
    fetch(`${claude}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'user-agent': 'claude-cli/2.1.0 (external, cli)' },
      body: JSON.stringify({ model, max_tokens: 1024, messages: [{ role: 'user', content: 'Summarise the release notes.' }], ...extra }),
    })
  const openai = (url: string, model: string, stream = false) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'OpenAI/Python 1.99.0' },
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'Classify: positive or negative?' }] }),
    })
  for (const response of [
    await anthropic('claude-sonnet-4-5'),
    await anthropic('claude-haiku-4-5'),
    await openai(sdk, 'gpt-4o-mini'),
    await openai(sdk, 'gpt-4o', true),
    await anthropic('claude-sonnet-4-5', { stream: true }),
    await openai(refused, 'gpt-4o-mini'),
    await openai(sdk, 'o4-mini'),
    await anthropic('claude-sonnet-4-5', { top_k: 40, stop_sequences: ['END'] }),
  ]) {
    await response.arrayBuffer()
  }
}

/** A palette PNG when pngquant is there; the plain one otherwise (reported when over the budget). */
async function compress(path: string): Promise<number> {
  if (Bun.which('pngquant') !== null) {
    const run = Bun.spawnSync(['pngquant', '--quality=55-85', '--speed=1', '--strip', '--force', '--output', path, path])
    if (run.exitCode !== 0) console.warn(`pngquant left ${path} as it was: ${run.stderr.toString()}`)
  } else {
    console.warn('pngquant not found: the PNGs stay uncompressed (apt-get install pngquant)')
  }
  return (await stat(path)).size
}

/** The viewport, cut below `bottom` (a locator whose end is the end of what is worth showing) when given. */
async function shoot(page: Page, name: string, bottom?: Locator): Promise<void> {
  const path = join(OUT, `${name}.png`)
  const viewport = page.viewportSize() ?? { width: 1250, height: 950 }
  const box = bottom === undefined ? null : await bottom.boundingBox()
  const height = box === null ? viewport.height : Math.min(viewport.height, Math.ceil(box.y + box.height + 24))
  await page.screenshot({ path, animations: 'disabled', clip: { x: 0, y: 0, width: viewport.width, height } })
  const bytes = await compress(path)
  console.log(`${name}.png ${Math.round(bytes / 1024)} KB${bytes > MAX_BYTES ? ' (over 80 KB)' : ''}`)
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true })
  const server = await startRealServer({ upstream, logBodies: true })
  const browser = await launchBrowser()
  try {
    // A desktop-wide layout (the log's columns all fit) drawn at 0.8: 1000 × 760 px images.
    const context = await browser.newContext({ viewport: { width: 1250, height: 950 }, deviceScaleFactor: 0.8, colorScheme: 'light' })
    const page = await context.newPage()
    await sendTraffic(server.origin, server.mock.url)

    // New URL: Claude Code in front of an OpenAI-compatible upstream, mapped, then tested.
    await page.goto(`${server.origin}/`)
    await page.locator('#provider option[value="openai"]').waitFor({ state: 'attached' })
    await page.selectOption('#source-protocol', 'anthropic')
    await page.selectOption('#provider', 'openai')
    await page.fill('#base-url', `${server.mock.url}/v1`)
    await page.fill('#auth-token', UPSTREAM_KEY)
    await page.check('input[name="model-mode"][value="force"]')
    await page.fill('#force-model', 'gpt-4.1')
    await page.fill('#label', 'console test')
    await page.click('button[type="submit"]')
    await page.locator('output.proxy-url').waitFor()
    await page.click('button.test-url')
    await page.locator('lb-url-test output.answer[aria-busy="false"]').waitFor()
    await page.locator('lb-url-result').evaluate((element) => element.scrollIntoView({ block: 'start' }))
    await shoot(page, 'new-url')

    await page.click('#tab-requests')
    await page.locator('tbody tr', { hasText: 'old key' }).first().waitFor()
    await page.waitForTimeout(300)
    await shoot(page, 'requests', page.locator('lb-request-log table'))

    await page.locator('tbody tr', { hasText: 'claude-code laptop' }).first().click()
    await page.locator('lb-request-detail ul.warnings').waitFor()
    await page.waitForTimeout(300)
    await shoot(page, 'request-detail')

    await page.click('#tab-stats')
    await page.locator('.total-requests').waitFor()
    await page.waitForTimeout(300)
    await shoot(page, 'stats')

    await page.click('#tab-tokens')
    await page.locator('lb-tokens tr', { hasText: 'claude-code laptop' }).first().waitFor()
    await page.waitForTimeout(300)
    await shoot(page, 'minted-urls', page.locator('lb-tokens table'))

    await page.click('#tab-providers')
    await page.locator('lb-providers table tbody tr').first().waitFor()
    await page.waitForTimeout(300)
    await shoot(page, 'providers')
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
