import { describe, expect, test } from 'bun:test'
import { findCodec } from '../../../src/core/protocols/index.ts'
import type { ProtocolId } from '../../../src/core/model/index.ts'

const listOf = (id: ProtocolId) => findCodec(id)?.upstream.modelList

describe("each target's own model list: where it is and how its ids read", () => {
  test('Anthropic: one long page of v1/models, data[].id, with the version header', () => {
    const list = listOf('anthropic')!
    expect(list.path).toBe('v1/models?limit=1000')
    expect(list.headers).toEqual({ 'anthropic-version': '2023-06-01' })
    expect(list.readIds({ data: [{ type: 'model', id: 'claude-sonnet-4-5-20250929' }, { type: 'model', id: 'claude-haiku-4-5' }], has_more: false })).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5'])
  })

  test('OpenAI Chat and Responses share v1/models, data[].id', () => {
    for (const id of ['openai', 'openai-responses'] as const) {
      const list = listOf(id)!
      expect(list.path).toBe('v1/models')
      expect(list.readIds({ object: 'list', data: [{ id: 'gpt-4o', object: 'model' }] })).toEqual(['gpt-4o'])
    }
  })

  test('Gemini: one long page of v1beta/models, the names without their models/ prefix', () => {
    const list = listOf('gemini')!
    expect(list.path).toBe('v1beta/models?pageSize=1000')
    expect(list.readIds({ models: [{ name: 'models/gemini-2.5-flash' }, { name: 'tunedModels/mine' }], nextPageToken: 'x' })).toEqual(['gemini-2.5-flash', 'tunedModels/mine'])
  })

  test('Bedrock has none on its runtime URL (the list is on the control plane)', () => {
    expect(listOf('bedrock')).toBeUndefined()
  })

  test('entries without an id are skipped; a body that is not the list reads as none', () => {
    const list = listOf('openai')!
    expect(list.readIds({ data: [{ id: 'a' }, { id: 7 }, null, { name: 'b' }, { id: '' }] })).toEqual(['a'])
    expect(list.readIds({ error: { message: 'no' } })).toBeUndefined()
    expect(list.readIds('<html>')).toBeUndefined()
    expect(listOf('gemini')!.readIds({ data: [] })).toBeUndefined()
  })
})
