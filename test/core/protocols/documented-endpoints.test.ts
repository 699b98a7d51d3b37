/**
 * Every endpoint a protocol's reference documents is recognised as its group (so the router can
 * pass it through or name the group it refuses), and paths no protocol documents stay unmatched
 * (404 NOT_FOUND).
 */
import { describe, expect, test } from 'bun:test'
import { PROTOCOL_IDS } from '../../../src/core/model/index.ts'
import { findCodec } from '../../../src/core/protocols/index.ts'
import type { ProtocolCodec } from '../../../src/core/protocols/codec.ts'

const codecs = PROTOCOL_IDS.map((id) => findCodec(id)).filter((codec): codec is ProtocolCodec => codec !== undefined)

function groupOf(codec: ProtocolCodec, method: string, path: string): string | undefined {
  const [bare = '', query = ''] = path.split('?', 2)
  return codec.matchRoute(method, bare, new URLSearchParams(query))?.group
}

describe.each(codecs.map((codec) => [codec.id, codec] as const))('%s', (_id, codec) => {
  test('documents endpoints, chat first', () => {
    expect(codec.endpoints.length).toBeGreaterThan(5)
    expect(codec.endpoints[0]?.group).toBe('chat')
  })

  test.each(codec.endpoints.map((endpoint) => [endpoint.method, endpoint.path, endpoint.group] as const))('%s %s is %s', (method, path, group) => {
    expect(groupOf(codec, method, path)).toBe(group)
  })

  test.each([
    ['POST', 'v1/unknown'],
    ['GET', 'v1/messages/batches-x'],
    ['POST', 'v1/fine_tuning'],
    ['PUT', 'v1/files/file-1'],
    ['GET', 'v1beta/nothing/here'],
    ['POST', 'model/x/unknown-operation'],
  ])('%s %s stays unknown', (method, path) => {
    expect(groupOf(codec, method, path)).toBeUndefined()
  })
})

describe('path shapes the clients use', () => {
  const codec = (id: (typeof PROTOCOL_IDS)[number]) => findCodec(id)!

  test('Anthropic: batches and files with and without the v1 prefix, any query; models by id', () => {
    expect(groupOf(codec('anthropic'), 'POST', 'messages/batches')).toBe('batches')
    expect(groupOf(codec('anthropic'), 'GET', 'v1/messages/batches/msgbatch_1/results?beta=true')).toBe('batches')
    expect(groupOf(codec('anthropic'), 'POST', '/v1/files/')).toBe('files')
    expect(groupOf(codec('anthropic'), 'GET', 'v1/models/claude-opus-4-1')).toBe('models')
    expect(groupOf(codec('anthropic'), 'GET', 'v1/messages')).toBeUndefined()
  })

  test('OpenAI: uploads are files, legacy completions and vector stores have their group, Azure prefixes kept off the upstream path', () => {
    expect(codec('openai').matchRoute('POST', 'v1/uploads/upload_1/parts')).toEqual({ group: 'files' })
    expect(codec('openai').matchRoute('POST', 'completions')).toEqual({ group: 'completions' })
    expect(codec('openai').matchRoute('GET', 'completions')).toBeUndefined()
    expect(codec('openai').matchRoute('POST', 'openai/v1/vector_stores/vs_1/search')).toEqual({ group: 'vector_stores', upstreamPath: 'v1/vector_stores/vs_1/search' })
    expect(codec('openai-responses').matchRoute('POST', 'v1/batches')).toEqual({ group: 'batches' })
    expect(codec('openai-responses').matchRoute('POST', 'v1/audio/transcriptions')).toEqual({ group: 'audio' })
  })

  test('Gemini: uploads, batches by model, caches and both API versions', () => {
    expect(codec('gemini').matchRoute('POST', 'upload/v1beta/files')).toEqual({ group: 'files' })
    expect(codec('gemini').matchRoute('GET', 'v1/files/abc')).toEqual({ group: 'files' })
    expect(codec('gemini').matchRoute('POST', 'v1beta/models/gemini-2.5-flash:batchGenerateContent')).toEqual({ group: 'batches', pathModel: 'gemini-2.5-flash' })
    expect(codec('gemini').matchRoute('POST', 'v1beta/cachedContents')).toEqual({ group: 'caches' })
    expect(codec('gemini').matchRoute('GET', 'v1beta/models/gemini-2.5-flash:batchGenerateContent')).toBeUndefined()
  })
})
