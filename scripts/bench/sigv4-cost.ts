/**
 * What signing one Bedrock request with AWS SigV4 costs: µs per signature of a typical 20 KB
 * Converse body, for the project's signer (src/upstream/auth/sign-aws-sigv4.ts: @smithy/signature-v4
 * with @smithy/core's node:crypto Hash), aws4fetch's AwsV4Signer (WebCrypto only), and
 * @smithy/signature-v4 with a WebCrypto hash class and with a minimal node:crypto hash class.
 * Every variant hashes the body and signs the same headers; all produce the same signature
 * (checked before timing). Rounds alternate between the variants so that a busy machine slows
 * all of them alike; the figure is the median round.
 *
 *   bun scripts/bench/sigv4-cost.ts            (a few seconds)
 */
import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { AwsV4Signer } from 'aws4fetch'
import { signAwsSigV4 } from '../../src/upstream/auth/sign-aws-sigv4.ts'

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-example', region: 'us-east-1' }
const url = new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse')
const now = new Date('2025-01-15T12:00:00Z')
const datetime = '20250115T120000Z'
const sentence = 'The function reads the configuration file, validates every field and starts the server. '
const body = new TextEncoder().encode(JSON.stringify({
  system: [{ text: sentence.repeat(40) }],
  messages: Array.from({ length: 24 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: [{ text: sentence.repeat(8) }] })),
  inferenceConfig: { maxTokens: 8192 },
}).slice(0, 20_480))

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex')
}
function bytesOf(data: string | ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return new TextEncoder().encode(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer)
}

/** The hash class smithy wants, on WebCrypto (what a runtime without node:crypto would use). */
class WebCryptoSha256 {
  private readonly parts: Uint8Array[] = []
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {}
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.parts.push(bytesOf(data))
  }
  async digest(): Promise<Uint8Array> {
    const data = this.parts.length === 1 ? (this.parts[0] as Uint8Array<ArrayBuffer>) : bytesOf(Buffer.concat(this.parts))
    if (this.secret === undefined) return new Uint8Array(await crypto.subtle.digest('SHA-256', data))
    const key = await crypto.subtle.importKey('raw', bytesOf(this.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, data))
  }
  reset(): void {}
}

/** The same on node:crypto (Bun implements it natively). */
class NodeSha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytesOf(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset(): void {}
}

async function project(): Promise<string> {
  const headers = await signAwsSigV4(credentials, { method: 'POST', url, headers: new Headers({ 'content-type': 'application/json' }), body, now })
  return headers.get('authorization') ?? ''
}

async function aws4fetch(): Promise<string> {
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', body))
  const signer = new AwsV4Signer({
    method: 'POST', url: url.href, body, datetime, allHeaders: true, service: 'bedrock', ...credentials,
    headers: { 'content-type': 'application/json', 'x-amz-content-sha256': bodyHash },
  })
  return (await signer.sign()).headers.get('authorization') ?? ''
}

function smithy(sha256: typeof NodeSha256 | typeof WebCryptoSha256): () => Promise<string> {
  return async () => {
    const signer = new SignatureV4({ credentials, region: credentials.region, service: 'bedrock', sha256 })
    const signed = await signer.sign(
      { method: 'POST', protocol: 'https:', hostname: url.hostname, path: url.pathname, query: {}, headers: { host: url.host, 'content-type': 'application/json' }, body },
      { signingDate: now },
    )
    return signed.headers.authorization ?? ''
  }
}

const variants: Array<[string, () => Promise<string>]> = [
  ['project signer (sign-aws-sigv4.ts)', project],
  ['aws4fetch AwsV4Signer', aws4fetch],
  ['@smithy/signature-v4 + WebCrypto hash', smithy(WebCryptoSha256)],
  ['@smithy/signature-v4 + node:crypto hash', smithy(NodeSha256)],
]

const expected = await project()
for (const [name, sign] of variants) {
  const got = await sign()
  if (got !== expected) throw new Error(`${name} signs differently:\n  ${got}\n  ${expected}`)
}

const PER_ROUND = 200
const ROUNDS = 15
const times = new Map<string, number[]>(variants.map(([name]) => [name, []]))
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const [name, sign] of variants) {
    const start = Bun.nanoseconds()
    for (let i = 0; i < PER_ROUND; i++) await sign()
    // The first two rounds warm the JIT up and are not counted.
    if (round >= 2) times.get(name)?.push((Bun.nanoseconds() - start) / PER_ROUND / 1000)
  }
}

console.log(`SigV4 of a ${body.byteLength}-byte Converse body (with a session token), median of ${ROUNDS} alternating rounds of ${PER_ROUND}:`)
for (const [name, list] of times) {
  const sorted = [...list].sort((a, b) => a - b)
  console.log(`  ${name.padEnd(42)} ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(1)} µs`)
}
