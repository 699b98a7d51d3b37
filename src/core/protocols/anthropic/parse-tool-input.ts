/** Anthropic's tool_use.input must be a JSON object; canonical arguments are JSON text that may be empty or broken. */
import type { WarningSink } from '../../model/index.ts'

export function parseToolInput(text: string, field: string, warnings: WarningSink): Record<string, unknown> {
  if (text.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // reported below
  }
  warnings.add('invalid-tool-arguments', 'tool call arguments are not a JSON object; sent as {}', field)
  return {}
}
