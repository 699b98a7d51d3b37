/**
 * fast-check arbitraries for the JSON fuzz: any JSON value (deep and wide), and request/response
 * shapes of the two wire protocols where any field may be replaced by any JSON value, so the
 * decoders are driven past their first type check into every branch.
 */
import fc from 'fast-check'

/** How many runs each property makes: small in `make test`, larger with `make fuzz` (FUZZ_RUNS). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 60

export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 5 })

/** A plausible value, or anything at all (one time in four). */
const or = <T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: anyJson })

const text = fc.string({ maxLength: 40 })
const BLOCK_TYPES = ['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'document', 'image_url', 'input_audio', 'file', 'search_result', 'x']
const ROLES = ['user', 'assistant', 'system', 'developer', 'tool', 'function', 'model', 'x']

/** `value` inside `depth` levels of single-key objects and arrays. */
export function nestIn(value: unknown, depth: number): unknown {
  let nested = value
  for (let level = 0; level < depth; level++) nested = level % 2 === 0 ? { a: nested } : [nested]
  return nested
}

/** Deep values up to `maxDepth` levels, wide values of many members. */
export const deepOrWide = (maxDepth: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.tuple(anyJson, fc.integer({ min: 1, max: maxDepth })).map(([value, depth]) => nestIn(value, depth)),
    fc.array(anyJson, { minLength: 50, maxLength: 400 }),
    fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { minKeys: 20, maxKeys: 200 }),
  )

const block = fc.record(
  {
    type: or(fc.constantFrom(...BLOCK_TYPES)),
    text: or(text),
    thinking: or(text),
    signature: or(text),
    data: or(text),
    id: or(text),
    name: or(text),
    input: anyJson,
    tool_use_id: or(text),
    content: or(fc.oneof(text, fc.array(fc.record({ type: or(fc.constantFrom('text', 'image')), text: or(text) }, { requiredKeys: [] }), { maxLength: 3 }))),
    is_error: anyJson,
    source: or(fc.record({ type: or(fc.constantFrom('base64', 'url')), media_type: or(text), data: or(text), url: or(text) }, { requiredKeys: [] })),
    image_url: or(fc.record({ url: or(text), detail: or(text) }, { requiredKeys: [] })),
    cache_control: anyJson,
  },
  { requiredKeys: [] },
)

const toolCall = fc.record({ id: or(text), type: or(fc.constant('function')), function: or(fc.record({ name: or(text), arguments: or(text) }, { requiredKeys: [] })) }, { requiredKeys: [] })

const message = fc.record(
  {
    role: or(fc.constantFrom(...ROLES)),
    content: or(fc.oneof(text, fc.array(block, { maxLength: 4 }))),
    tool_calls: or(fc.array(toolCall, { maxLength: 3 })),
    tool_call_id: or(text),
    name: or(text),
    reasoning_content: or(text),
    reasoning_details: anyJson,
  },
  { requiredKeys: [] },
)

const tool = fc.record(
  {
    type: or(fc.constantFrom('function', 'custom', 'web_search_20250305')),
    name: or(text),
    description: or(text),
    input_schema: or(deepOrWide(40)),
    function: or(fc.record({ name: or(text), description: or(text), parameters: or(deepOrWide(40)) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
)

/** A Messages or Chat Completions request with any field possibly wrong. */
export const requestLike: fc.Arbitrary<unknown> = fc.record(
  {
    model: or(text),
    max_tokens: or(fc.integer({ min: -5, max: 100_000 })),
    max_completion_tokens: or(fc.integer({ min: -5, max: 100_000 })),
    stream: or(fc.boolean()),
    system: or(fc.oneof(text, fc.array(block, { maxLength: 2 }))),
    messages: or(fc.array(message, { maxLength: 5 })),
    tools: or(fc.array(tool, { maxLength: 3 })),
    tool_choice: anyJson,
    temperature: anyJson,
    top_p: anyJson,
    stop: anyJson,
    stop_sequences: anyJson,
    thinking: or(fc.record({ type: or(fc.constantFrom('enabled', 'disabled', 'adaptive')), budget_tokens: or(fc.integer()) }, { requiredKeys: [] })),
    reasoning_effort: or(fc.constantFrom('low', 'medium', 'high', 'minimal', 'x')),
    response_format: anyJson,
    metadata: anyJson,
    stream_options: anyJson,
    n: anyJson,
    user: anyJson,
  },
  { requiredKeys: [] },
)

/** A Messages or Chat Completions answer (or error body) with any field possibly wrong. */
export const responseLike: fc.Arbitrary<unknown> = fc.record(
  {
    id: or(text),
    type: or(fc.constantFrom('message', 'error')),
    role: or(fc.constant('assistant')),
    model: or(text),
    content: or(fc.array(block, { maxLength: 4 })),
    stop_reason: or(fc.constantFrom('end_turn', 'tool_use', 'max_tokens', 'refusal', 'x')),
    choices: or(fc.array(fc.record({ index: anyJson, message: or(message), finish_reason: or(fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter', 'x')) }, { requiredKeys: [] }), { maxLength: 2 })),
    usage: anyJson,
    error: or(fc.record({ type: or(text), message: or(text), code: anyJson }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
)
