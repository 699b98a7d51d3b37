/**
 * The canonical embeddings call, for translation between protocols that each have one (OpenAI
 * `/v1/embeddings`, Gemini `embedContent` / `batchEmbedContents`). Vectors are always numbers
 * here; a protocol that can answer in another encoding (OpenAI's base64) encodes at the edge.
 * @see ../../../../shared/protocols/mapping.md
 */

/** One thing to embed: text, or tokens already counted by the client's tokenizer (OpenAI only). */
export type EmbeddingInput = { type: 'text'; text: string } | { type: 'tokens'; tokens: number[] }

export type EmbeddingRequest = {
  model: string
  /** In the client's order; the answer keeps it. */
  inputs: EmbeddingInput[]
  /** Output dimensionality (OpenAI `dimensions`, Gemini `outputDimensionality`). */
  dimensions?: number
  /** How the client wants the vectors back: OpenAI's base64 is little-endian float32. */
  encoding: 'float' | 'base64'
  /** The client sent one input, not a list (Gemini's embedContent answers one embedding). */
  single: boolean
  /** Fields only some protocols have; each encoder carries what it can and reports the rest. */
  user?: string
  taskType?: string
  title?: string
}

export type EmbeddingResponse = {
  /** One vector per input, in the request's order. */
  vectors: number[][]
  /** Undefined when the upstream reported no usage. */
  inputTokens?: number
  /** True when the bridge estimated inputTokens because the upstream gave none. */
  estimated?: boolean
}
