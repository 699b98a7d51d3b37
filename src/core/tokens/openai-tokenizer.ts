/**
 * OpenAI's tokenizers (tiktoken's o200k_base and cl100k_base, through js-tiktoken) for models of
 * that family, loaded on first use: each encoding is 1–2 MB of ranks that take a few hundred
 * milliseconds to parse and ~20 MB to hold, which a bridge that never counts for an OpenAI model
 * should not pay at start. js-tiktoken over gpt-tokenizer: half the size in the binary and half
 * the memory held once loaded, for about twice the encoding time (~20 ms on a 50 KB prompt),
 * paid only by count_tokens calls.
 */
import type { TextCounter } from './estimate-tokens.ts'

export type OpenaiEncoding = 'o200k_base' | 'cl100k_base'

/** gpt-4o and later, the o-series, gpt-5, gpt-oss and Codex models: o200k_base. */
const O200K = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o[1-9](-|$)|codex-)/
/** gpt-4, gpt-4-turbo and gpt-3.5 (Azure spells it gpt-35): cl100k_base. */
const CL100K = /^(gpt-4|gpt-3\.5|gpt-35)/

/** The encoding of an OpenAI model, by its name (a `provider/` prefix ignored); undefined for other families. */
export function openaiEncodingOf(model: string): OpenaiEncoding | undefined {
  const name = model.toLowerCase().split('/').at(-1) ?? ''
  if (O200K.test(name)) return 'o200k_base'
  if (CL100K.test(name)) return 'cl100k_base'
  return undefined
}

const loaded = new Map<OpenaiEncoding, Promise<TextCounter>>()

/** The encoding's counter; the first call loads it, later ones share it. */
export function loadOpenaiTokenizer(encoding: OpenaiEncoding): Promise<TextCounter> {
  let counter = loaded.get(encoding)
  if (counter === undefined) {
    counter = importTokenizer(encoding)
    loaded.set(encoding, counter)
    // A failed load is retried by the next call rather than remembered.
    counter.catch(() => loaded.delete(encoding))
  }
  return counter
}

async function importTokenizer(encoding: OpenaiEncoding): Promise<TextCounter> {
  const { Tiktoken } = await import('js-tiktoken/lite')
  // Literal specifiers, so the bundler of the compiled binary embeds both rank files.
  const ranks = encoding === 'o200k_base' ? (await import('js-tiktoken/ranks/o200k_base')).default : (await import('js-tiktoken/ranks/cl100k_base')).default
  const tokenizer = new Tiktoken(ranks)
  // Special-token text (`<|endoftext|>`) in a prompt is ordinary text to the API: no allowed, none refused.
  return (text) => (text === '' ? 0 : tokenizer.encode(text, [], []).length)
}
