/**
 * Request patches for Anthropic-compatible upstreams (wire bodies made by protocols/anthropic):
 * the Messages API as DeepSeek, Kimi, GLM, MiniMax and Ollama serve it, which is stricter than
 * Anthropic's own in places.
 * @see ../../../../shared/protocols/anthropic-messages.md
 */
import { isObject } from '../json-object.ts'
import type { PassthroughRequestPatch } from './patch.ts'

/**
 * DeepSeek's Anthropic endpoint answers 400 "thinking options type cannot be disabled when
 * reasoning_effort is set" to `thinking: {type: "disabled"}` next to `output_config.effort`
 * (Claude Code's sub-agents send both since 2.1.166). With thinking off the effort has nothing
 * to steer, so it is the one dropped.
 * source: https://github.com/deepseek-ai/DeepSeek-V3/issues/1397
 */
export const noEffortWithoutThinking: PassthroughRequestPatch = {
  kind: 'request',
  passthrough: true,
  wire: 'anthropic',
  name: 'no-effort-without-thinking',
  description: 'Drop output_config.effort (and reasoning_effort) when thinking is disabled',
  apply(body, { warnings }) {
    if (!isObject(body.thinking) || body.thinking.type !== 'disabled') return
    const config = body.output_config
    if (isObject(config) && config.effort !== undefined) {
      delete config.effort
      if (Object.keys(config).length === 0) delete body.output_config
      warnings.add('dropped-field', 'output_config.effort was not sent: this upstream refuses an effort while thinking is disabled', 'output_config.effort')
    }
    if (body.reasoning_effort !== undefined) {
      delete body.reasoning_effort
      warnings.add('dropped-field', 'reasoning_effort was not sent: this upstream refuses an effort while thinking is disabled', 'reasoning_effort')
    }
  },
}

/**
 * Kimi and DeepSeek refuse a forced tool choice (`any`, or one named `tool`) while the model
 * thinks, and their models think unless told not to. The request keeps its tools and lets the
 * model choose, with a warning, instead of failing.
 * source: https://docs.rs/crate/harn-vm/latest/source/src/llm/capability_sources/20-providers/35-moonshot.toml (Kimi: "tool_choice … is incompatible with thinking enabled")
 * source: https://github.com/maximhq/bifrost/pull/5177 (DeepSeek: "Thinking mode does not support this tool_choice" for a named tool; `any` unverified, treated alike)
 */
export const autoToolChoiceWhileThinking: PassthroughRequestPatch = {
  kind: 'request',
  passthrough: true,
  wire: 'anthropic',
  name: 'auto-tool-choice-while-thinking',
  description: 'Turn a forced tool_choice (any, tool) into auto unless thinking is disabled',
  apply(body, { warnings }) {
    const choice = body.tool_choice
    if (!isObject(choice) || (choice.type !== 'any' && choice.type !== 'tool')) return
    if (isObject(body.thinking) && body.thinking.type === 'disabled') return
    const forced = choice.type === 'tool' ? `tool ${JSON.stringify(choice.name)}` : 'any'
    body.tool_choice = choice.disable_parallel_tool_use === undefined ? { type: 'auto' } : { type: 'auto', disable_parallel_tool_use: choice.disable_parallel_tool_use }
    warnings.add('approximated-field', `tool_choice ${forced} became auto: this upstream refuses a forced tool choice while the model thinks`, 'tool_choice')
  },
}
