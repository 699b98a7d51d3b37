/**
 * What the JSON nesting check (src/core/json-nesting.ts) costs per request body: µs per Claude
 * Code-shaped Messages body (system prompt, tool schemas, tool_use/tool_result turns) of ~20 KB
 * (typical) and ~200 KB (a long session), beside JSON.parse alone, which every parsed request
 * pays anyway.
 *
 *   bun scripts/bench/json-nesting-cost.ts            (about a second)
 */
import { exceedsJsonNesting } from '../../src/core/json-nesting.ts'

function claudeCodeBody(targetBytes: number): Uint8Array {
  const tools = ['Bash', 'Read', 'Edit', 'Grep', 'Glob', 'Write', 'TodoWrite', 'WebFetch'].map((name) => ({
    name,
    description: `${name}: performs the ${name.toLowerCase()} operation in the workspace; paths are absolute. `.repeat(3),
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Absolute path' },
        options: { type: 'object', properties: { limit: { type: 'integer' }, flags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } } } },
      },
      required: ['path'],
      additionalProperties: false,
    },
  }))
  const messages: unknown[] = []
  const body = { model: 'claude-sonnet-4-5', max_tokens: 32000, stream: true, system: [{ type: 'text', text: 'You are Claude Code, a CLI for coding. "Quoted" \\ escaped. '.repeat(20), cache_control: { type: 'ephemeral' } }], tools, messages }
  for (let turn = 0; JSON.stringify(body).length < targetBytes; turn++) {
    messages.push({ role: 'user', content: [{ type: 'text', text: `Please fix the failing test in src/file-${turn}.ts; it says "expected [1,2] got {}".` }] })
    messages.push({ role: 'assistant', content: [{ type: 'text', text: 'Let me read the file first.' }, { type: 'tool_use', id: `toolu_${turn}`, name: 'Read', input: { path: `/repo/src/file-${turn}.ts`, options: { limit: 200 } } }] })
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${turn}`, content: `export function f${turn}(a: number[]): { sum: number } {\n  return { sum: a.reduce((x, y) => x + y, 0) }\n}\n`.repeat(3) }] })
  }
  return new TextEncoder().encode(JSON.stringify(body))
}

function microsPerCall(run: () => unknown, iterations: number): number {
  for (let i = 0; i < 500; i++) run()
  const start = Bun.nanoseconds()
  for (let i = 0; i < iterations; i++) run()
  return (Bun.nanoseconds() - start) / iterations / 1000
}

for (const size of [20_000, 200_000]) {
  const text = new TextDecoder().decode(claudeCodeBody(size))
  const parsed: unknown = JSON.parse(text)
  const iterations = size > 100_000 ? 500 : 5000
  const check = microsPerCall(() => exceedsJsonNesting(parsed), iterations)
  const parse = microsPerCall(() => JSON.parse(text), iterations)
  console.log(`${(text.length / 1024).toFixed(0)} KB body: nesting check ${check.toFixed(2)} µs, JSON.parse ${parse.toFixed(2)} µs, check/parse ${((check / parse) * 100).toFixed(1)} %`)
}
