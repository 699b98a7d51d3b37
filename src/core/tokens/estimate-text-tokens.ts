/**
 * The cheap estimate of a text's tokens for a model whose tokenizer the bridge does not ship
 * (Llama, Qwen, DeepSeek, Mistral, GLM, Claude or Gemini behind another protocol): one pass over
 * the characters, by script. Today's large-vocabulary BPE tokenizers give English prose, code and
 * JSON about 4.2–4.5 characters a token, so a quarter token per ASCII character counts a little
 * over; CJK characters are about one token each (0.6–0.8 in the largest vocabularies) and other
 * scripts about three characters a token. Over rather than under: a client that is told too few
 * tokens overflows the context window (LESSONS #6). Calibration (calibrate-tokens.ts) corrects
 * the rest per model from the usage upstreams report.
 */
const ASCII_PER_TOKEN = 4
const OTHER_PER_TOKEN = 3

/** Han, kana, Hangul and their compatibility and full-width forms. */
function isCjk(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff)
    || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef)
}

export function estimateTextTokens(text: string): number {
  let ascii = 0
  let cjk = 0
  let other = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) ascii++
    else if (isCjk(code)) cjk++
    // A surrogate pair (emoji, rare CJK) is one character: count its first half only.
    else if (code < 0xdc00 || code > 0xdfff) other++
  }
  return Math.ceil(ascii / ASCII_PER_TOKEN + cjk + other / OTHER_PER_TOKEN)
}
