/**
 * What redacting the key costs (src/core/secret-matcher.ts): µs per canonical text delta on the
 * translated path (EventRedactor) and per SSE chunk on passthrough (StreamRedactor), with a key
 * (a 164-character OpenAI project key, the longest common shape) and without one (the stage is
 * skipped then: only pushing the event). Deltas and chunks are taken from a typical answer; none
 * holds the key, which is the case that matters for speed.
 *
 *   bun scripts/bench/redaction-cost.ts            (a few seconds)
 */
import type { StreamEvent } from '../../src/core/model/index.ts'
import { EventRedactor } from '../../src/proxy/redact-events.ts'
import { StreamRedactor } from '../../src/proxy/redact-stream.ts'
import { secretForms } from '../../src/proxy/secret-forms.ts'

const KEY = `sk-proj-${'Ab3dEf9hIjKlMn0pQrStUvWx'.repeat(7)}`.slice(0, 164)
const forms = secretForms([KEY])
const words = 'The function reads the configuration file, validates every field and starts the server; see src/main.ts:42 for details. '.split(/(?<= )/)
const deltas: StreamEvent[] = Array.from({ length: 4096 }, (_, i) => ({ type: 'text-delta', index: 0, text: words[i % words.length]! + (i % 7 === 0 ? '\n' : '') }))
const chunks = deltas.map((event) => new TextEncoder().encode(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: (event as { text: string }).text }, finish_reason: null }] })}\n\n`))

function microsPer(run: () => void, items: number, rounds: number): number {
  for (let i = 0; i < 3; i++) run()
  const start = Bun.nanoseconds()
  for (let i = 0; i < rounds; i++) run()
  return (Bun.nanoseconds() - start) / (rounds * items) / 1000
}

const out: StreamEvent[] = []
const withoutKey = microsPer(() => {
  for (const event of deltas) out.push(event)
  out.length = 0
}, deltas.length, 200)
const withKey = microsPer(() => {
  const redactor = new EventRedactor(forms)
  for (const event of deltas) redactor.push(event, out)
  out.length = 0
}, deltas.length, 200)
const passthrough = microsPer(() => {
  const redactor = new StreamRedactor(forms)
  for (const chunk of chunks) redactor.push(chunk)
}, chunks.length, 200)

console.log(`translated text delta: ${withKey.toFixed(3)} µs with a key, ${withoutKey.toFixed(3)} µs without (stage skipped)`)
console.log(`passthrough SSE chunk (~${chunks[0]!.byteLength} bytes): ${passthrough.toFixed(3)} µs with a key`)
