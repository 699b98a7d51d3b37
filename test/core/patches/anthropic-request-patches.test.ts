/**
 * The Anthropic-wire patches that Anthropic-compatible presets name, applied to bodies the way
 * the Claude Code requests that trip those upstreams look.
 */
import { describe, expect, test } from 'bun:test'
import type { ChatRequest } from '../../../src/core/model/index.ts'
import { WarningSink } from '../../../src/core/model/index.ts'
import { applyRequestPatches, patchMismatch } from '../../../src/core/patches/index.ts'

const request: ChatRequest = { model: 'm', system: [], messages: [], tools: [], stream: false }

function patched(name: string, body: Record<string, unknown>): { body: Record<string, unknown>; warnings: WarningSink } {
  const warnings = new WarningSink()
  return { body: applyRequestPatches([name], structuredClone(body), { request, warnings }), warnings }
}

describe('no-effort-without-thinking', () => {
  test('a sub-agent request (thinking disabled, an effort) loses the effort, with a warning', () => {
    const { body, warnings } = patched('no-effort-without-thinking', { model: 'm', thinking: { type: 'disabled' }, output_config: { effort: 'max' } })
    expect(body).toEqual({ model: 'm', thinking: { type: 'disabled' } })
    expect(warnings.items).toEqual([expect.objectContaining({ code: 'dropped-field', field: 'output_config.effort' })])
  })

  test('other output_config fields and a top-level reasoning_effort are handled apart', () => {
    const { body, warnings } = patched('no-effort-without-thinking', {
      thinking: { type: 'disabled' }, output_config: { effort: 'high', format: { type: 'json_schema' } }, reasoning_effort: 'high',
    })
    expect(body).toEqual({ thinking: { type: 'disabled' }, output_config: { format: { type: 'json_schema' } } })
    expect(warnings.items.map((item) => item.field)).toEqual(['output_config.effort', 'reasoning_effort'])
  })

  test('with thinking on (or unset) the effort stays', () => {
    for (const thinking of [{ type: 'adaptive' }, { type: 'enabled', budget_tokens: 2048 }, undefined]) {
      const body = { output_config: { effort: 'max' }, ...(thinking === undefined ? {} : { thinking }) }
      expect(patched('no-effort-without-thinking', body).body).toEqual(body)
    }
  })
})

describe('auto-tool-choice-while-thinking', () => {
  test('a forced tool becomes auto while the model thinks, keeping disable_parallel_tool_use', () => {
    const { body, warnings } = patched('auto-tool-choice-while-thinking', { tool_choice: { type: 'tool', name: 'Bash', disable_parallel_tool_use: true } })
    expect(body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true })
    expect(warnings.items).toEqual([expect.objectContaining({ code: 'approximated-field', field: 'tool_choice', message: expect.stringContaining('tool "Bash"') })])
  })

  test('any becomes auto; auto and none are left alone', () => {
    expect(patched('auto-tool-choice-while-thinking', { thinking: { type: 'adaptive' }, tool_choice: { type: 'any' } }).body.tool_choice).toEqual({ type: 'auto' })
    for (const type of ['auto', 'none']) {
      const { body, warnings } = patched('auto-tool-choice-while-thinking', { tool_choice: { type } })
      expect(body.tool_choice).toEqual({ type })
      expect(warnings.items).toEqual([])
    }
  })

  test('with thinking disabled a forced choice is allowed and kept', () => {
    const body = { thinking: { type: 'disabled' }, tool_choice: { type: 'tool', name: 'Bash' } }
    expect(patched('auto-tool-choice-while-thinking', body).body).toEqual(body)
  })
})

test('both patches edit Anthropic bodies only', () => {
  for (const name of ['no-effort-without-thinking', 'auto-tool-choice-while-thinking']) {
    expect(patchMismatch([name], 'anthropic')).toBeUndefined()
    expect(patchMismatch([name], 'openai')).toContain('edits anthropic bodies, not openai')
  }
})
