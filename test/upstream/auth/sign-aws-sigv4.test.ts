import { createHash, createHmac } from 'node:crypto'
import { describe, expect, test } from 'bun:test'
import { SignatureV4 } from '@smithy/signature-v4'
import { signAwsSigV4 } from '../../../src/upstream/auth/sign-aws-sigv4.ts'

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
}
const url = new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse')
const body = '{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}'
const now = new Date('2025-01-15T12:00:00Z')

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** The smithy signer wants a hash class; node:crypto provides one in tests. */
class NodeSha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset(): void {}
}

describe('AWS SigV4 for Bedrock', () => {
  test('reproduces the worked example of bedrock-converse.md (model id with a colon, double-encoded)', async () => {
    const headers = await signAwsSigV4(credentials, {
      method: 'POST', url, headers: new Headers({ 'content-type': 'application/json' }), body, now,
    })
    expect(headers.get('authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250115/us-east-1/bedrock/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, ' +
        'Signature=96a6d2a3754db429380425999dc580c9e061ca9bea4fc7ee812fbd45d0fb7b32',
    )
    expect(headers.get('x-amz-date')).toBe('20250115T120000Z')
    expect(headers.get('x-amz-content-sha256')).toBe('45e583fed2564dc00e823303d7609f8587af7f685b993cb0f998afc0d480b01d')
    expect(headers.has('host')).toBe(false)
  })

  test('matches the signature of the official AWS signer, with a session token and a streaming path', async () => {
    const withToken = { ...credentials, sessionToken: 'session-token-example' }
    const streamUrl = new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream')
    const ours = await signAwsSigV4(withToken, {
      method: 'POST', url: streamUrl, headers: new Headers({ 'content-type': 'application/json' }), body, now,
    })
    const signer = new SignatureV4({ credentials: withToken, region: 'us-east-1', service: 'bedrock', sha256: NodeSha256 })
    const signed = await signer.sign(
      {
        method: 'POST', protocol: 'https:', hostname: streamUrl.hostname, path: streamUrl.pathname, query: {},
        headers: {
          host: streamUrl.host, 'content-type': 'application/json',
          'x-amz-content-sha256': ours.get('x-amz-content-sha256') ?? '',
        },
        body,
      },
      { signingDate: now },
    )
    const theirs = signed.headers.authorization ?? signed.headers.Authorization ?? null
    expect(ours.get('authorization')).toBe(theirs)
    expect(ours.get('x-amz-security-token')).toBe('session-token-example')
  })

  test('an unsigned user-agent does not change the signature', async () => {
    const plain = await signAwsSigV4(credentials, { method: 'POST', url, headers: new Headers({ 'content-type': 'application/json' }), body, now })
    const withAgent = await signAwsSigV4(credentials, {
      method: 'POST', url, headers: new Headers({ 'content-type': 'application/json', 'user-agent': 'x' }), body, now,
    })
    expect(withAgent.get('authorization')).toBe(plain.get('authorization'))
  })
})
