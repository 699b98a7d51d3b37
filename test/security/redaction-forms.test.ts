/**
 * The key in every spelling an upstream may echo it — any letter case, base64 and base64url (alone
 * or inside an encoded `user:key`), cut short to 8+ characters of its secret part — never reaches
 * the client or the log: in passthrough bodies and streams (the bytes as sent: a key split across
 * separate events is not rejoined there), in forwarded headers, in a SUCCESSFUL translated answer
 * (text and tool arguments, whole or streamed with the key split across deltas) and in error
 * messages. Against the real server and a raw upstream that echoes the key it got.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sse, startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'
import { anthropicToOpenaiBody, headerText, mintProxyUrl, openaiPassthroughBody, randomHex, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const PUBLIC = 'sk-proj-'
const SECRET = randomHex(24)
const KEY = `${PUBLIC}${SECRET}`
const b64 = (text: string): string => Buffer.from(text).toString('base64')
const b64url = (text: string): string => Buffer.from(text).toString('base64url')

/** What the upstream says back, per model name. */
const ECHOES: Record<string, string> = {
  exact: KEY,
  upper: KEY.toUpperCase(),
  mixed: `${PUBLIC}${SECRET.slice(0, 12).toUpperCase()}${SECRET.slice(12)}`,
  base64: b64(KEY),
  base64url: b64url(`${KEY}??>>`),
  basic: b64(`user:${KEY}`),
  prefix: `${PUBLIC}${SECRET.slice(0, 10)}...`,
  'prefix-upper': `${PUBLIC}${SECRET.slice(0, 9).toUpperCase()}`,
}

/** What must not appear anywhere the client or the log can see: any case, and the encoded forms as they are. */
const ANY_CASE = [KEY, SECRET.slice(0, 8)]
const ENCODED = [b64(KEY).slice(4, 40), b64url(KEY).slice(4, 40), b64(`user:${KEY}`).slice(8, 40)]

function leaksIn(text: string): string[] {
  const lower = text.toLowerCase()
  return [...ANY_CASE.filter((leak) => lower.includes(leak.toLowerCase())), ...ENCODED.filter((leak) => text.includes(leak))]
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  sse({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })

function reply(model: string, stream: boolean): FaultReply {
  const [kind, echoName = 'exact'] = model.split(':') as [string, string | undefined]
  const echo = ECHOES[echoName] ?? KEY
  const json = { 'content-type': 'application/json' }
  if (kind === 'fail') return { status: 401, headers: json, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${echo}` } }) }
  if (kind === 'header') return { status: 200, headers: { ...json, 'x-echo': echo, 'x-plain': 'kept' }, body: JSON.stringify(completion('pong', undefined)) }
  if (!stream) return { status: 200, headers: json, body: JSON.stringify(completion(`your key is ${echo}, ok`, `{"key":"${echo}"}`)) }
  // The echo cut into pieces across deltas (text, then tool arguments); whole in one delta for
  // passthrough, which redacts the bytes as they are and does not rejoin deltas.
  const third = Math.ceil(echo.length / 3)
  const pieces = kind === 'whole' ? [echo] : [echo.slice(0, third), echo.slice(third, 2 * third), echo.slice(2 * third)]
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    events: [
      chunk({ role: 'assistant', content: 'key: ' }),
      ...pieces.map((piece) => chunk({ content: piece })),
      chunk({ content: ' end' }),
      chunk({ tool_calls: [{ index: 0, id: 't1', type: 'function', function: { name: 'f', arguments: '{"k":"' } }] }),
      ...pieces.map((piece) => chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] })),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] }),
      chunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ],
  }
}

function completion(content: string, toolArguments: string | undefined): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content }
  if (toolArguments !== undefined) message.tool_calls = [{ id: 't1', type: 'function', function: { name: 'f', arguments: toolArguments } }]
  return { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: 'stop' }] }
}

let upstream: FaultUpstream
let bridge: SecurityBridge
let passthrough: string
let translated: string

beforeAll(async () => {
  upstream = startFaultUpstream((request) => {
    const body = JSON.parse(request.body || '{}') as { model?: string; stream?: boolean }
    return reply(body.model ?? '', body.stream === true)
  })
  bridge = await startSecurityBridge({ allowHosts: [`127.0.0.1:${upstream.port}`], logBodies: true, config: { logBodies: true } })
  passthrough = (await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))).proxyUrl
  translated = (await mintProxyUrl(bridge.url, anthropicToOpenaiBody(`${upstream.url}/v1`, KEY))).proxyUrl
})

afterAll(async () => {
  await bridge.stop()
  upstream.stop()
})

async function ask(translatedRoute: boolean, model: string, stream: boolean): Promise<{ status: number; text: string; body: string; headers: Headers }> {
  const response = await fetch(translatedRoute ? `${translated}/v1/messages` : `${passthrough}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, stream, max_tokens: 64, messages: [{ role: 'user', content: 'x' }] }),
  })
  const body = await response.text()
  return { status: response.status, body, headers: response.headers, text: `${headerText(response.headers)}\n\n${body}` }
}

describe('every spelling of the key is redacted before the client', () => {
  for (const echo of Object.keys(ECHOES)) {
    test(`passthrough, whole and streamed: ${echo}`, async () => {
      for (const stream of [false, true]) {
        const answer = await ask(false, `whole:${echo}`, stream)
        expect({ stream, status: answer.status, leaks: leaksIn(answer.text) }).toEqual({ stream, status: 200, leaks: [] })
        expect(answer.body).toContain('[redacted]')
      }
    })

    test(`translated SUCCESS, whole and streamed (key split across text and tool-argument deltas): ${echo}`, async () => {
      for (const stream of [false, true]) {
        const answer = await ask(true, `ok:${echo}`, stream)
        expect({ stream, status: answer.status, leaks: leaksIn(answer.text) }).toEqual({ stream, status: 200, leaks: [] })
        expect(answer.body).toContain('[redacted]')
      }
    })

    test(`error messages, passthrough and translated: ${echo}`, async () => {
      for (const translatedRoute of [false, true]) {
        const answer = await ask(translatedRoute, `fail:${echo}`, false)
        expect({ translatedRoute, status: answer.status, leaks: leaksIn(answer.text) }).toEqual({ translatedRoute, status: 401, leaks: [] })
      }
    })

    test(`a forwarded header echoing it is dropped: ${echo}`, async () => {
      const answer = await ask(false, `header:${echo}`, false)
      expect(answer.headers.has('x-echo')).toBe(false)
      expect(answer.headers.get('x-plain')).toBe('kept')
    })
  }

  test('text around the key survives: the rest of a translated answer is intact', async () => {
    const answer = JSON.parse((await ask(true, 'ok:exact', false)).body) as { content: Array<{ type: string; text?: string; input?: unknown }> }
    expect(answer.content.find((part) => part.type === 'text')?.text).toBe('your key is [redacted], ok')
    expect(answer.content.find((part) => part.type === 'tool_use')?.input).toEqual({ key: '[redacted]' })
  })

  test('nothing of the key in any log row (bodies on), whatever the spelling', async () => {
    let rows: unknown[] = []
    for (let attempt = 0; attempt < 100; attempt++) {
      rows = ((await (await fetch(`${bridge.url}/api/logs?limit=200`)).json()) as { rows: unknown[] }).rows
      if (rows.length >= Object.keys(ECHOES).length * 7) break
      await Bun.sleep(20)
    }
    expect(rows.length).toBeGreaterThan(0)
    const ids = (rows as Array<{ requestId: string }>).map((row) => row.requestId)
    const full = await Promise.all(ids.map(async (id) => await (await fetch(`${bridge.url}/api/logs/${id}`)).text()))
    // The rows hold the answers (bodies on), redacted: the check below has something to search.
    expect(full.filter((row) => row.includes('"responseBody"')).length).toBeGreaterThan(Object.keys(ECHOES).length)
    expect(leaksIn(full.join('\n'))).toEqual([])
  })
})
