/**
 * The environment block generate-url gives for a bedrock URL works as pasted: the AWS SDK, told
 * nothing but those variables (and the HTTP/1.1 handler), reaches the bridge and gets its answer.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bedrockCodec } from '../../src/core/protocols/bedrock/index.ts'
import { openaiTargetBody, startE2eBridge, type E2eBridge } from '../support/e2e-bridge.ts'
import { openaiReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

test('AWS_ENDPOINT_URL_BEDROCK_RUNTIME with dummy credentials: a Converse call is answered through the bridge', async () => {
  const { proxyUrl } = await bridge.mint(openaiTargetBody(bridge, { source: { protocol: 'bedrock' }, model: { mode: 'force', force: 'gpt-4o' } }))
  bridge.mock.script(openaiReply({ content: 'Hello there.', finish: 'stop', usage: { prompt: 5, completion: 3 } }))
  // A HOME of its own: no ~/.aws files of the machine's user take part.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() }
  for (const line of bedrockCodec.client.envVars(proxyUrl, 'any-value')) {
    const at = line.indexOf('=')
    env[line.slice(0, at)] = line.slice(at + 1)
  }
  const child = Bun.spawn([process.execPath, join(import.meta.dir, '../support/bedrock-converse-from-env.ts')], { env, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' })
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()])
  expect(code, err).toBe(0)
  expect(JSON.parse(out)).toEqual({ text: 'Hello there.', stopReason: 'end_turn' })
  expect(bridge.mock.requests[0]?.path).toBe('/v1/chat/completions')
})
