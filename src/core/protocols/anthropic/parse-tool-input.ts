/** Anthropic's tool_use.input must be a JSON object; canonical arguments are JSON text that may be empty or broken. */
import { isObject } from '../../json-object.ts'
import type { WarningSink } from '../../model/index.ts'

export function parseToolInput(text: string, field: string, warnings: WarningSink): Record<string, unknown> {
  if (text.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(text)
    if (isObject(value)) return value
  } catch {
    // reported below
  }
  warnings.add('invalid-tool-arguments', 'tool call arguments are not a JSON object; sent as {}', field)
  return {}
}
