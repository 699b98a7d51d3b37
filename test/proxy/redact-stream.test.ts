/**
 * The passthrough redactor: whatever the chunk split, the secret (in any of its forms) never
 * leaves, and a body without it leaves byte for byte — and without delay at event boundaries.
 */
import { describe, expect, test } from 'bun:test'
import { redactBytes, redactStream, StreamRedactor } from '../../src/proxy/redact-stream.ts'
import { SECRET_PREFIX_LENGTH, secretPart } from '../../src/core/secret-matcher.ts'
import { containsForm, REDACTED_MARK, secretForms } from '../../src/proxy/secret-forms.ts'

/** A deterministic generator so a failure is reproducible (the seed is in the test name). */
function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

function randomSplit(bytes: Uint8Array, random: () => number): Uint8Array[] {
  const pieces: Uint8Array[] = []
  let at = 0
  while (at < bytes.byteLength) {
    // Mostly tiny pieces (a split inside the secret is the point), sometimes an empty one.
    const size = Math.floor(random() * (random() < 0.7 ? 6 : 40))
    pieces.push(bytes.slice(at, at + size))
    at += size
  }
  return pieces
}

async function run(pieces: Uint8Array[], forms: string[]): Promise<string> {
  const out: Uint8Array[] = []
  for await (const chunk of redactStream(toAsync(pieces), forms)) out.push(chunk)
  return Buffer.concat(out).toString('utf8')
}

async function* toAsync(pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)

/**
 * Text that keeps almost-matching the secret: its longest prefix that is not yet a leak (7
 * characters of its secret part), its first letter, multi-byte characters.
 */
function noisyText(random: () => number, secret: string, withSecret: boolean): string {
  const nearMiss = secret.slice(0, secret.length - secretPart(secret).length + SECRET_PREFIX_LENGTH - 1)
  const bits = ['data: {"x":"', '"}\n\n', 'café 日本 🎉 ', secret.slice(0, 1), nearMiss, 'Bearer ', '%2F', '\\"']
  const forms = secretForms([secret])
  let text = ''
  for (let i = 0; i < 30; i++) {
    text += bits[Math.floor(random() * bits.length)]
    if (withSecret && random() < 0.15) text += forms[Math.floor(random() * forms.length)]
  }
  if (withSecret) return `${text}${secret}`
  // Prefixes side by side can spell the secret by chance: such a draw is no secret-free body.
  return containsForm(text, forms) ? noisyText(random, secret, false) : text
}

describe('streaming exact-value redaction', () => {
  const secrets = ['sk-canary-0123456789abcdef', 'aaaa-aaaa', 'k/e"y+1 é', 'abcabcabd']

  for (const secret of secrets) {
    for (let seed = 1; seed <= 40; seed++) {
      test(`any chunk split of a body containing ${JSON.stringify(secret)} never emits it (seed ${seed})`, async () => {
        const random = seededRandom(seed * 7919 + secret.length)
        const forms = secretForms([secret])
        const body = encode(noisyText(random, secret, true))
        const out = await run(randomSplit(body, random), forms)
        for (const form of forms) expect(out).not.toContain(form)
        expect(out).toContain(REDACTED_MARK)
        // Split-invariant: the same as redacting the body in one piece.
        expect(out).toBe(Buffer.from(redactBytes(body, forms)).toString('utf8'))
      })

      test(`a body without ${JSON.stringify(secret)} comes out byte for byte, whatever the split (seed ${seed})`, async () => {
        const random = seededRandom(seed * 104729 + secret.length)
        const forms = secretForms([secret])
        const text = noisyText(random, secret, false)
        expect(text).not.toContain(secret)
        const body = encode(text)
        const out: Uint8Array[] = []
        for await (const chunk of redactStream(toAsync(randomSplit(body, random)), forms)) out.push(chunk)
        expect(Buffer.compare(Buffer.concat(out), Buffer.from(body))).toBe(0)
      })
    }
  }

  test('JSON-escaped and URL-encoded echoes are redacted too', () => {
    const forms = secretForms(['k"ey/é+1234'])
    const body = encode(`{"m":"${JSON.stringify('k"ey/é+1234').slice(1, -1)}"} url=${encodeURIComponent('k"ey/é+1234')}`)
    expect(Buffer.from(redactBytes(body, forms)).toString('utf8')).toBe(`{"m":"${REDACTED_MARK}"} url=${REDACTED_MARK}`)
  })

  test('a whole answer without an echo comes back as the very bytes (no copy); a partial form is not an echo', () => {
    const forms = secretForms(['sk-canary-0123456789abcdef'])
    const body = encode('{"choices":[{"message":{"content":"sk-canary-0123 is not the key"}}]}')
    expect(redactBytes(body, forms)).toBe(body)
    const echoed = encode('{"error":"bad key sk-canary-0123456789abcdef"}')
    expect(Buffer.from(redactBytes(echoed, forms)).toString('utf8')).toBe(`{"error":"bad key ${REDACTED_MARK}"}`)
  })

  test('a chunk ending at an event boundary is emitted whole and at once (no hold-back, same bytes)', () => {
    const redactor = new StreamRedactor(secretForms(['sk-canary-0123456789abcdef']))
    const chunk = encode('data: {"choices":[{"delta":{"content":"sk"}}]}\n\n')
    expect(redactor.push(chunk)).toBe(chunk)
  })

  test('only the tail that begins the secret is held back, and released when it turns out not to be', () => {
    const redactor = new StreamRedactor(secretForms(['sk-canary-0123456789abcdef']))
    expect(Buffer.from(redactor.push(encode('hello sk-can'))).toString()).toBe('hello ')
    expect(Buffer.from(redactor.push(encode('dy'))).toString()).toBe('sk-candy')
    expect(redactor.flush().byteLength).toBe(0)
  })
})
