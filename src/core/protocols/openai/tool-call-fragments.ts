/**
 * Streamed `delta.tool_calls[]` fragments → tool-call blocks, forwarding arguments as they arrive.
 * Robust to the deviations recorded in test/fixtures/openai-chat/:
 * - keyed by `index`, which may start at 1 (gateway-anthropic-fallback-tool-index-1.sse);
 * - no `index` at all, whole call in one fragment (mistral-tool-call.chunks.txt) → keyed by id;
 * - continuation fragments with `id: ""` (alibaba-qwen-tool-call) or `name: ""`
 *   (glm-incremental-tool-call) never overwrite the first id/name;
 * - a fragment without index or id continues the last call.
 */
import { isObject, optionalString } from './narrow.ts'
import type { StreamBlocks, ToolCallBlock } from './stream-blocks.ts'

export class ToolCallFragments {
  private readonly byIndex = new Map<number, ToolCallBlock>()
  private readonly byId = new Map<string, ToolCallBlock>()
  private last: ToolCallBlock | undefined

  constructor(private readonly blocks: StreamBlocks) {}

  add(fragments: unknown[]): void {
    for (const fragment of fragments) if (isObject(fragment)) this.addOne(fragment)
  }

  private addOne(fragment: Record<string, unknown>): void {
    const fn = isObject(fragment.function) ? fragment.function : {}
    const index = typeof fragment.index === 'number' ? fragment.index : undefined
    const id = optionalString(fragment.id) || undefined
    let block = index !== undefined ? this.byIndex.get(index) : undefined
    if (block === undefined && id !== undefined) block = this.byId.get(id)
    if (block === undefined && index === undefined && id === undefined) block = this.last
    if (block === undefined || !block.open) {
      const name = optionalString(fn.name) ?? ''
      block = this.blocks.openToolCall(id ?? `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`, name)
      if (index !== undefined) this.byIndex.set(index, block)
      if (id !== undefined) this.byId.set(id, block)
    }
    this.last = block
    const args = fn.arguments
    if (typeof args === 'string') this.blocks.appendArguments(block, args)
    // Some servers send arguments as an object instead of a JSON string.
    else if (isObject(args)) this.blocks.appendArguments(block, JSON.stringify(args))
  }
}
