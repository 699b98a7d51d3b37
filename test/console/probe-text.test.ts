/**
 * The text pointers each codec hands the console ("Test this URL") read from recorded provider
 * answers exactly the answer text the codec's own decoder finds: no reasoning, no tool arguments,
 * nothing missed. The browser's reader (web/url-probe.ts) runs here on the same events.
 */
import { describe, expect, test } from 'bun:test'
import type { ProtocolId } from '../../src/core/model/protocol-id.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import { textOf } from '../../web/url-probe.ts'
import { sseFromChunksFile } from '../support/mock-upstream.ts'

const FIXTURES = `${import.meta.dir}/../fixtures`

function probeOf(protocol: ProtocolId) {
  const codec = findCodec(protocol)
  const probe = codec?.client.probe
  if (codec === undefined || probe === undefined) throw new Error(`${protocol}: no probe`)
  return { codec, probe }
}

/** The SSE wire of a fixture: a raw `.sse` file as it is, a `.chunks.txt` rebuilt. */
async function wireOf(file: string, style: 'openai' | 'anthropic' | 'gemini'): Promise<string> {
  const text = await Bun.file(`${FIXTURES}/${file}`).text()
  if (!file.endsWith('.chunks.txt')) return text
  const events = sseFromChunksFile(text, style === 'anthropic' ? 'anthropic' : 'openai')
  // Gemini streams end with the last chunk: no `[DONE]`.
  return (style === 'gemini' ? events.filter((event) => !event.includes('[DONE]')) : events).join('')
}

/** What the console does with each event: parse its data, read the pointers. */
function browserText(wire: string, protocol: ProtocolId): string {
  const { probe } = probeOf(protocol)
  let text = ''
  for (const event of wire.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      .join('\n')
    try {
      text += textOf(JSON.parse(data), probe.text)
    } catch {
      // `[DONE]` and empty events carry no JSON.
    }
  }
  return text
}

async function decoderText(wire: string, protocol: ProtocolId): Promise<string> {
  const { codec } = probeOf(protocol)
  async function* bytes() {
    yield new TextEncoder().encode(wire)
  }
  let text = ''
  for await (const batch of codec.decodeStream(bytes())) for (const event of batch) if (event.type === 'text-delta') text += event.text
  return text
}

describe('the console reads the answer text its codec decodes', () => {
  // `answers`: whether the recording has answer text at all (a thought then a tool call has none).
  test.each([
    ['anthropic', 'anthropic-messages/anthropic-thinking-signature.chunks.txt', 'anthropic', true],
    ['anthropic', 'anthropic-messages/anthropic-text-then-tool-use.chunks.txt', 'anthropic', true],
    ['openai', 'openai-chat/deepseek-reasoning-content.chunks.txt', 'openai', true],
    ['openai', 'openai-chat/openai-text.chunks.txt', 'openai', true],
    ['openai-responses', 'openai-responses/openai-reasoning-summary.sse', 'openai', true],
    ['openai-responses', 'openai-responses/azure-text.chunks.txt', 'openai', true],
    ['gemini', 'gemini/gemini-3-thought-then-function-call.sse', 'gemini', false],
    ['gemini', 'gemini/gemini-3-text-trailing-signature.chunks.txt', 'gemini', true],
  ] as const)('%s: %s', async (protocol, file, style, answers) => {
    const wire = await wireOf(file, style)
    const expected = await decoderText(wire, protocol)
    expect(expected !== '').toBe(answers)
    expect(browserText(wire, protocol)).toBe(expected)
  })

  test('bedrock: the whole Converse answer', async () => {
    const { codec, probe } = probeOf('bedrock')
    const json: unknown = await Bun.file(`${FIXTURES}/bedrock-converse/bedrock-deepseek-r1-reasoning-after-text.json`).json()
    const expected = codec
      .decodeResponse(json)
      .content.flatMap((part) => (part.type === 'text' ? [part.text] : []))
      .join('')
    expect(expected).not.toBe('')
    expect(textOf(json, probe.text)).toBe(expected)
  })
})
