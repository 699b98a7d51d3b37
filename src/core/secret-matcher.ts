/**
 * Finds a known secret (an upstream key) in text, in every spelling an upstream or a log line may
 * give it: as sent, JSON-escaped, URL-encoded, base64 and base64url (inside any encoded string, so
 * at each of the three byte alignments), in any letter case, and cut short: 8 or more leading
 * characters of its secret part (the key without a public vendor prefix such as `sk-proj-`) are
 * found and extended as far as the text goes on spelling the key.
 *
 * A matcher serves strings (error messages, headers, log fields, translated text deltas) or, built
 * for bytes, byte buffers read as latin1 (string offsets are then byte offsets, and its needles are
 * the latin1 reading of their UTF-8 bytes). Letter case is folded for ASCII only.
 */

/** Shorter values would redact ordinary words (and no real key is this short). */
export const MIN_SECRET_LENGTH = 4
/** How many leading characters of a key's secret part count as a leak of it. */
export const SECRET_PREFIX_LENGTH = 8
/**
 * Every spelling is found from its first 16 characters on, then extended as far as the text goes
 * on spelling it: a stream never holds back more than 15 characters for a match to be decided, and
 * a leak that starts after a long public prefix is the secret part's rule's (8 characters).
 */
const SPELLING_START = 16
/** Encoded forms shorter than this would match by chance in base64 data (images). */
const MIN_ENCODED_LENGTH = 12
/** Public vendor prefixes (`sk-`, `sk-ant-api03-`, `gsk_`, `sk-or-v1-`): lowercase words and a dash or underscore. */
const VENDOR_PREFIX = /^(?:[a-z]{1,8}\d{0,2}[-_]){1,4}/
/** What must remain after a vendor prefix for it to count as one (a random key is not cut short). */
const MIN_SECRET_PART = 16

/** A match is `start`, then as much of `rest` as the text spells (both ASCII-lowercased). */
type Rule = { start: string; rest: string }

/**
 * The regular expression finds only the starts (short literals: one JIT-compiled scan, whatever
 * the key's length); the rest of a spelling is followed character by character from there.
 */
export class SecretMatcher {
  private readonly pattern: RegExp | undefined
  /** The rests that may follow each start, longest first. */
  private readonly restsByStart: ReadonlyMap<string, readonly string[]>
  /** The rules' starts, and the set of their first characters (the tail check's quick filter). */
  private readonly starts: readonly string[]
  private readonly firstCodes: ReadonlySet<number>
  private readonly longestStart: number

  /** `bytes`: the matcher reads latin1 views of UTF-8 bytes (StreamRedactor) rather than text. */
  constructor(secrets: readonly string[], bytes = false) {
    const spell = bytes ? (text: string): string => latin1(utf8.encode(text)) : (text: string): string => text
    const rules = new Map<string, Rule>()
    const add = (text: string, startLength: number): void => {
      const lower = asciiLower(text)
      if (!rules.has(lower)) rules.set(lower, { start: spell(lower.slice(0, startLength)), rest: spell(lower.slice(startLength)) })
    }
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue
      for (const form of spellings(secret)) add(form, SPELLING_START)
      const part = secretPart(secret)
      if (part.length >= SECRET_PREFIX_LENGTH) add(part, SECRET_PREFIX_LENGTH)
    }
    const restsByStart = new Map<string, string[]>()
    for (const rule of rules.values()) restsByStart.set(rule.start, [...(restsByStart.get(rule.start) ?? []), rule.rest])
    this.restsByStart = restsByStart
    // Longer starts first: at one place the longer literal wins, and its rests are followed.
    this.starts = [...restsByStart.keys()].sort((a, b) => b.length - a.length)
    this.pattern = this.starts.length === 0 ? undefined : new RegExp(this.starts.map(caseFoldedPattern).join('|'), 'g')
    this.firstCodes = new Set(this.starts.map((start) => start.charCodeAt(0)))
    this.longestStart = Math.max(0, ...this.starts.map((start) => start.length))
  }

  get isEmpty(): boolean {
    return this.pattern === undefined
  }

  /** Sorted, non-overlapping [start, end) ranges of every match. */
  find(text: string): [number, number][] {
    const pattern = this.pattern
    if (pattern === undefined) return []
    const ranges: [number, number][] = []
    pattern.lastIndex = 0
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const start = match.index
      const startEnd = start + match[0].length
      let end = startEnd
      for (const rest of this.restsByStart.get(asciiLower(match[0])) ?? []) end = Math.max(end, spelledUpTo(text, startEnd, rest))
      ranges.push([start, end])
      // The next search begins after the whole match: ranges never overlap.
      pattern.lastIndex = end
    }
    return ranges
  }

  contains(text: string): boolean {
    const pattern = this.pattern
    if (pattern === undefined) return false
    pattern.lastIndex = 0
    return pattern.test(text)
  }

  /** `text` with every match replaced by `mark`; the very string when nothing matches. */
  redact(text: string, mark: string): string {
    const ranges = this.find(text)
    if (ranges.length === 0) return text
    let out = ''
    let at = 0
    for (const [start, end] of ranges) {
      out += text.slice(at, start) + mark
      at = end
    }
    return out + text.slice(at)
  }

  /**
   * Where a stream cut after `text` must hold back: the earliest position from which the rest of
   * `text` begins a rule's start without completing it, or where a match runs to the very end (the
   * next piece may extend it). `text.length` when nothing needs holding (at most 15 characters are
   * ever held for a start; a match at the end is held from its beginning).
   */
  holdFrom(text: string, ranges: readonly [number, number][]): number {
    let earliest = text.length
    const last = ranges[ranges.length - 1]
    if (last !== undefined && last[1] === text.length) earliest = last[0]
    for (let at = Math.max(0, text.length - this.longestStart + 1); at < earliest; at++) {
      if (!this.firstCodes.has(lowerCode(text.charCodeAt(at)))) continue
      if (this.starts.some((start) => beginsWith(start, text, at))) return at
    }
    return earliest
  }
}

/** The key without a public vendor prefix, when what remains is still long enough to be the secret. */
export function secretPart(secret: string): string {
  const prefix = VENDOR_PREFIX.exec(secret)?.[0] ?? ''
  return secret.length - prefix.length >= MIN_SECRET_PART ? secret.slice(prefix.length) : secret
}

/** Every literal spelling of one secret. */
export function spellings(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]
  const bytes = utf8.encode(secret)
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.byteLength)
    padded.set(bytes, offset)
    // Only the characters made of the secret's bits alone: the same inside any encoded string.
    const from = Math.ceil((offset * 8) / 6)
    const to = Math.floor(((offset + bytes.byteLength) * 8) / 6)
    const base64 = btoa(latin1(padded)).slice(from, to)
    if (base64.length >= MIN_ENCODED_LENGTH) forms.push(base64, base64.replaceAll('+', '-').replaceAll('/', '_'))
  }
  return forms
}

const utf8 = new TextEncoder()

/** One character per byte (what a latin1 reading of the bytes gives). */
function latin1(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return text
}

/** ASCII letters only: the same length and the same non-ASCII characters (latin1 bytes stay bytes). */
function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) | 0x20)) : text
}

/** A lowercase literal matching in any ASCII letter case: `sk-a` → `sk\-[aA]`. */
function caseFoldedPattern(start: string): string {
  let pattern = ''
  for (const character of start) pattern += /[a-z]/.test(character) ? `[${character}${character.toUpperCase()}]` : escapeRegExp(character)
  return pattern
}

/** How far text[at..] goes on spelling `rest` (ASCII case folded): the end of the match. */
function spelledUpTo(text: string, at: number, rest: string): number {
  let i = 0
  while (i < rest.length && at + i < text.length && lowerCode(text.charCodeAt(at + i)) === rest.charCodeAt(i)) i++
  return at + i
}

/** Whether text[at..] (to its end, shorter than `start`) is how `start` begins, ASCII case folded. */
function beginsWith(start: string, text: string, at: number): boolean {
  const length = text.length - at
  if (length >= start.length) return false
  for (let i = 0; i < length; i++) if (lowerCode(text.charCodeAt(at + i)) !== start.charCodeAt(i)) return false
  return true
}

function lowerCode(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** Matchers per secret list, for callers that see the same key on every request. */
const cache = new Map<string, SecretMatcher>()
const MAX_CACHED = 1024

export function matcherFor(secrets: readonly string[], bytes = false): SecretMatcher {
  const key = `${bytes ? 'b' : 't'}\u0000${secrets.join('\u0000')}`
  let matcher = cache.get(key)
  if (matcher === undefined) {
    matcher = new SecretMatcher(secrets, bytes)
    // Bounded: keys rotate and each URL may carry its own; a full cache simply starts over.
    if (cache.size >= MAX_CACHED) cache.clear()
    cache.set(key, matcher)
  }
  return matcher
}
