/** The Bedrock mock accepts only what the AWS signer would: a wrong key, a changed body or path is refused. */
import { describe, expect, test } from 'bun:test'
import { signAwsSigV4 } from '../../../src/upstream/auth/sign-aws-sigv4.ts'
import type { UpstreamCall } from '../contract.ts'
import { hasValidSignature } from './bedrock.ts'

const body = '{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}'
const path = '/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse'

async function signedCall(secret: string): Promise<UpstreamCall> {
  const url = new URL(`http://127.0.0.1:4000${path}`)
  const credentials = { accessKeyId: 'AKIAPAIRMATRIXEXAMPLE', secretAccessKey: secret, region: 'us-east-1' }
  const headers = await signAwsSigV4(credentials, { method: 'POST', url, headers: new Headers({ 'content-type': 'application/json' }), body })
  const received: Record<string, string> = { host: url.host }
  for (const [name, value] of headers) received[name] = value
  return { method: 'POST', path, headers: received, body, receivedAt: 0, bytesWritten: 0, completed: true, aborted: Promise.resolve() }
}

describe('the Bedrock mock checks SigV4', () => {
  test('a request signed with the key is accepted', async () => {
    expect(await hasValidSignature(await signedCall('secret-one'), 'secret-one')).toBe(true)
  })

  test('another key, a changed body or a changed path is refused', async () => {
    const call = await signedCall('secret-one')
    expect(await hasValidSignature(call, 'secret-two')).toBe(false)
    expect(await hasValidSignature({ ...call, body: body.replace('Hi', 'Ho') }, 'secret-one')).toBe(false)
    expect(await hasValidSignature({ ...call, path: path.replace('converse', 'converse-stream') }, 'secret-one')).toBe(false)
  })
})
