import { expect, test } from 'bun:test'
import { matchOpenaiRoute as matchRoute } from '../../../../src/core/protocols/openai/routes.ts'

test('chat completions match with and without the v1 prefix; GET lists stored completions (other)', () => {
  expect(matchRoute('POST', 'v1/chat/completions')).toEqual({ group: 'chat' })
  expect(matchRoute('POST', 'chat/completions')).toEqual({ group: 'chat' })
  expect(matchRoute('GET', 'v1/chat/completions')).toEqual({ group: 'other' })
  expect(matchRoute('DELETE', 'v1/chat/completions')).toBeUndefined()
})

test('models, embeddings, images, audio and files map to their endpoint groups', () => {
  expect(matchRoute('GET', 'v1/models')).toEqual({ group: 'models' })
  expect(matchRoute('GET', 'models/gpt-4.1')).toEqual({ group: 'models', pathModel: 'gpt-4.1' })
  expect(matchRoute('GET', 'v1/models/ft%3Agpt')).toEqual({ group: 'models', pathModel: 'ft:gpt' })
  expect(matchRoute('POST', 'v1/embeddings')).toEqual({ group: 'embeddings' })
  expect(matchRoute('POST', 'v1/images/generations')).toEqual({ group: 'images' })
  expect(matchRoute('POST', 'audio/transcriptions')).toEqual({ group: 'audio' })
  expect(matchRoute('GET', 'v1/files')).toEqual({ group: 'files' })
})

test('an OpenAI-family URL also serves /v1/responses (its own group, passed through natively)', () => {
  expect(matchRoute('POST', 'v1/responses')).toEqual({ group: 'responses' })
  expect(matchRoute('GET', 'responses/resp_123')).toEqual({ group: 'responses' })
})

test('unknown paths are left to others', () => {
  expect(matchRoute('POST', 'v1/messages')).toBeUndefined()
  expect(matchRoute('GET', 'v1/models/%E0%A4%A')).toEqual({ group: 'models', pathModel: '%E0%A4%A' })
})

test('the AzureOpenAI client paths match, and passthrough sends the operation without their prefix', () => {
  expect(matchRoute('POST', 'openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21')).toEqual({ group: 'chat', upstreamPath: 'v1/chat/completions' })
  expect(matchRoute('POST', 'openai/v1/chat/completions')).toEqual({ group: 'chat', upstreamPath: 'v1/chat/completions' })
  expect(matchRoute('POST', 'openai/v1/deployments/gpt-4o-prod/chat/completions')).toEqual({ group: 'chat', upstreamPath: 'v1/chat/completions' })
  expect(matchRoute('POST', 'openai/deployments/ada/embeddings')).toEqual({ group: 'embeddings', upstreamPath: 'v1/embeddings' })
  expect(matchRoute('GET', 'openai/models')).toEqual({ group: 'models', upstreamPath: 'v1/models' })
})
