/** Everything dropped, clamped or emulated during translation; the request log records these. */
export type TranslationWarning = {
  /** Stable machine code, e.g. 'dropped-field', 'clamped-max-tokens', 'emulated-response-format'. */
  code: string
  /** The wire field or feature, e.g. 'cache_control', 'tools[2] (web_search)'. */
  field?: string
  message: string
}

/** A collector passed through a translation so that codecs can report without throwing. */
export class WarningSink {
  readonly items: TranslationWarning[] = []
  add(code: string, message: string, field?: string): void {
    if (this.items.some((item) => item.code === code && item.field === field)) return
    this.items.push(field === undefined ? { code, message } : { code, field, message })
  }
}
