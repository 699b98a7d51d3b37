/**
 * Codex's model catalog (`GET /models?client_version=…`, read when its provider names a
 * `model_catalog_url`), built from the names a URL accepts. The metadata decides what Codex
 * offers the model: `apply_patch_tool_type: "freeform"` gives it the apply_patch tool (a custom
 * tool the bridge turns into a function for other targets), `context_window` sets when Codex
 * compacts. `base_instructions` replaces Codex's own system prompt for the listed names, so it is
 * a complete one; names Codex ships metadata for keep their own unless listed here.
 * Field set as Codex 0.171 decodes it (every field but context_window and the reasoning default
 * is required).
 * @see ../../../../../shared/CLIENTS.md (Codex CLI: model catalog)
 */
import type { CatalogModel } from '../codec.ts'

const EFFORTS = ['low', 'medium', 'high'] as const

export const CODEX_BASE_INSTRUCTIONS = [
  'You are a coding agent working in the user\'s terminal through the Codex CLI, reached through llm-bridge.',
  'Work in the current directory. Read files and run commands with the shell tool; make every file change with the apply_patch tool',
  '(its input is a patch in the documented `*** Begin Patch` / `*** End Patch` format, never JSON).',
  'Keep going until the task is done, verify what you changed when you can, and stop to ask only when the request is ambiguous or risky.',
  'End with a short summary of what you did and what is left.',
].join(' ')

export function encodeModelCatalog(models: readonly CatalogModel[]): { models: Array<Record<string, unknown>> } {
  return { models: models.map((model, position) => catalogEntry(model, position)) }
}

function catalogEntry(model: CatalogModel, position: number): Record<string, unknown> {
  const reasons = model.reasoning !== false
  const entry: Record<string, unknown> = {
    slug: model.id,
    display_name: model.id,
    description: 'Served through llm-bridge',
    supported_reasoning_levels: reasons ? EFFORTS.map((effort) => ({ effort, description: effort })) : [],
    shell_type: 'shell_command',
    visibility: 'list',
    supported_in_api: true,
    priority: position + 1,
    upgrade: null,
    base_instructions: CODEX_BASE_INSTRUCTIONS,
    supports_reasoning_summaries: reasons,
    support_verbosity: false,
    default_verbosity: null,
    apply_patch_tool_type: 'freeform',
    truncation_policy: { mode: 'tokens', limit: 10_000 },
    supports_parallel_tool_calls: true,
    experimental_supported_tools: [],
    input_modalities: ['text', 'image'],
  }
  if (reasons) entry.default_reasoning_level = 'medium'
  if (model.contextWindow !== undefined) entry.context_window = model.contextWindow
  return entry
}
