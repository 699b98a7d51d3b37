/**
 * What the canonical tool list cannot say about a Responses client's tools, kept in
 * `extensions['openai-responses']` so the encoders answering that client can undo the flattening:
 * - a `custom` (freeform) tool became a function tool with one string parameter `input`; its call
 *   goes back to the client as a `custom_tool_call` with the raw input (LESSONS #25);
 * - a tool inside a `namespace` became a top-level function named `<namespace>__<name>`; its call
 *   goes back with separate `namespace` and `name`, the only shape Codex routes.
 */
import type { ChatRequest } from '../../model/index.ts'
import { isObject } from '../openai/narrow.ts'

export const CUSTOM_TOOLS_KEY = 'custom_tools'
export const NAMESPACED_TOOLS_KEY = 'namespaced_tools'

/** Codex's reserved namespace: its members are plain top-level tools. */
export const DEFAULT_NAMESPACE = 'functions'

export type WireToolName = { name: string; namespace?: string }

export type ToolOrigins = {
  isCustom(canonicalName: string): boolean
  wireName(canonicalName: string): WireToolName
  /** The client's own custom tool definition (for a Responses target). */
  customDefinition(canonicalName: string): Record<string, unknown> | undefined
}

export function flatToolName(namespace: string, name: string): string {
  return namespace === DEFAULT_NAMESPACE ? name : `${namespace}__${name}`
}

export function readToolOrigins(request: ChatRequest | undefined): ToolOrigins {
  const extension = request?.extensions?.['openai-responses'] ?? {}
  const custom = isObject(extension[CUSTOM_TOOLS_KEY]) ? extension[CUSTOM_TOOLS_KEY] : {}
  const namespaced = isObject(extension[NAMESPACED_TOOLS_KEY]) ? extension[NAMESPACED_TOOLS_KEY] : {}
  return {
    isCustom: (name) => Object.hasOwn(custom, name),
    wireName: (name) => {
      const entry = Object.hasOwn(namespaced, name) ? namespaced[name] : undefined
      if (isObject(entry) && typeof entry.namespace === 'string' && typeof entry.name === 'string') {
        return { name: entry.name, namespace: entry.namespace }
      }
      return { name }
    },
    customDefinition: (name) => {
      const definition = Object.hasOwn(custom, name) ? custom[name] : undefined
      return isObject(definition) ? definition : undefined
    },
  }
}
