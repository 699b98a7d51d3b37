/**
 * The cheap estimate of a text's tokens for a model whose tokenizer the bridge does not ship
 * (Llama, Qwen, DeepSeek, Mistral, GLM, Claude or Gemini behind another protocol): one pass over
 * the characters, each weighed by its kind. The weights were fitted to a Llama 3 and the o200k
 * tokenizer over this project's sources, docs and recorded fixtures (472 texts; both tokenizers
 * gave the same weights within 5 %), then rounded up a little: lower-case letters 1/5 of a token
 * (words merge), upper case 1/4, digits 3/4 (split in threes, with their separators), spaces 1/4
 * (indentation runs), other ASCII punctuation 0.4, line breaks 0.9. Opaque strings (base64, hex,
 * ids, encrypted content: long runs that keep switching between lower case, upper case and
 * digits) split into pieces of 1.5 characters. CJK characters are about one token each (0.6–0.8
 * in the largest vocabularies), other scripts about three characters a token. Over rather than
 * under: a client that is told too few tokens overflows the context window (LESSONS #6).
 * Calibration (calibrate-tokens.ts) corrects the rest per model from the usage upstreams report.
 */
const LOWER = 0.2
const UPPER = 0.25
const DIGIT = 0.75
const SPACE = 0.25
const PUNCTUATION = 0.4
const LINE_BREAK = 0.9
const OPAQUE = 1 / 1.5
const CJK = 1
const OTHER = 1 / 3
/** A run this long whose character kind changes this often is opaque. */
const OPAQUE_MIN_LENGTH = 16
const OPAQUE_MIN_SWITCHES = 0.35

/** Han, kana, Hangul and their compatibility and full-width forms. */
function isCjk(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff)
    || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef)
}

/**
 * 1 lower case, 2 upper case, 3 digit, 4 base64's `+` and `=`; 5 `-`, `_` and `/`, which join the
 * words of names and paths and so continue a run without switching its kind; 0 outside a run.
 * A camelCase name switches about twice per 5–8 characters, random base64 or hex every other one.
 */
function runKind(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return 1
  if (code >= 0x41 && code <= 0x5a) return 2
  if (code >= 0x30 && code <= 0x39) return 3
  if (code === 0x2b || code === 0x3d) return 4
  return code === 0x2d || code === 0x5f || code === 0x2f ? 5 : 0
}

function asciiWeight(code: number, kind: number): number {
  if (kind === 1) return LOWER
  if (kind === 2) return UPPER
  if (kind === 3) return DIGIT
  if (code === 0x20) return SPACE
  return code === 0x0a || code === 0x0d || code === 0x09 ? LINE_BREAK : PUNCTUATION
}

/** Per ASCII code: its kind and weight, looked up rather than worked out (the estimate runs on every translated request). */
const KINDS = Uint8Array.from({ length: 128 }, (_, code) => runKind(code))
const WEIGHTS = Float64Array.from({ length: 128 }, (_, code) => asciiWeight(code, runKind(code)))

export function estimateTextTokens(text: string): number {
  let total = 0
  let runLength = 0
  let runWeight = 0
  let switches = 0
  let previousKind = 0
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 0
    const kind = code < 0x80 ? KINDS[code]! : 0
    if (kind === 0 && runLength > 0) {
      // An opaque run is weighed as such instead of letter by letter.
      if (runLength >= OPAQUE_MIN_LENGTH && switches >= runLength * OPAQUE_MIN_SWITCHES) total += runLength * OPAQUE - runWeight
      runLength = 0
      runWeight = 0
      switches = 0
    }
    if (index === text.length) break
    if (code < 0x80) {
      const weight = WEIGHTS[code]!
      total += weight
      if (kind !== 0) {
        if (runLength > 0 && kind !== 5 && previousKind !== 5 && kind !== previousKind) switches++
        runLength++
        runWeight += weight
      }
    } else if (isCjk(code)) total += CJK
    // A surrogate pair (emoji, rare CJK) is one character: count its first half only.
    else if (code < 0xdc00 || code > 0xdfff) total += OTHER
    previousKind = kind
  }
  return Math.ceil(total)
}
