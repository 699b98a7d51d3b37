/**
 * The Gemini generateContent wire shapes the codec reads and writes: JSON (camelCase) field names
 * as the official SDK puts them on the wire. Minimal on purpose: unknown input stays `unknown`
 * and is narrowed where it is read.
 * @see ../../../../../shared/protocols/gemini.md
 */

export type WireFunctionCall = { name: string; args: Record<string, unknown>; id?: string }

export type WireFunctionResponse = {
  name: string
  response: Record<string, unknown>
  id?: string
}

export type WirePart = {
  text?: string
  thought?: boolean
  thoughtSignature?: string
  inlineData?: { mimeType: string; data: string }
  fileData?: { mimeType?: string; fileUri: string }
  functionCall?: WireFunctionCall
  functionResponse?: WireFunctionResponse
}

export type WireContent = { role: 'user' | 'model'; parts: WirePart[] }

export type WireFunctionDeclaration = {
  name: string
  description?: string
  parameters?: Record<string, unknown>
}

export type WireTool = { functionDeclarations?: WireFunctionDeclaration[] } & Record<string, unknown>

export type WireFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED'

export type WireToolConfig = {
  functionCallingConfig: { mode: WireFunctionCallingMode; allowedFunctionNames?: string[] }
}

export type WireThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH'

export type WireThinkingConfig = { includeThoughts?: boolean; thinkingBudget?: number; thinkingLevel?: WireThinkingLevel }

export type WireGenerationConfig = {
  maxOutputTokens?: number
  temperature?: number
  topP?: number
  topK?: number
  stopSequences?: string[]
  responseMimeType?: string
  responseJsonSchema?: Record<string, unknown>
  thinkingConfig?: WireThinkingConfig
  [field: string]: unknown
}

export type WireGenerateContentRequest = {
  contents: WireContent[]
  systemInstruction?: { parts: Array<{ text: string }> }
  tools?: WireTool[]
  toolConfig?: WireToolConfig
  generationConfig?: WireGenerationConfig
  [field: string]: unknown
}

export type WireUsageMetadata = {
  promptTokenCount: number
  candidatesTokenCount: number
  totalTokenCount: number
  cachedContentTokenCount?: number
  thoughtsTokenCount?: number
}

export type WireCandidate = {
  content: { role: 'model'; parts: WirePart[] }
  finishReason?: string
  index: number
}

export type WireGenerateContentResponse = {
  candidates: WireCandidate[]
  usageMetadata?: WireUsageMetadata
  modelVersion: string
  responseId: string
  /** Vertex sends it; the SDK types have it. */
  createTime?: string
}

/** google.rpc.Status, the body of every Gemini error. */
export type WireStatus = { error: { code: number; message: string; status: string; details?: unknown[] } }
