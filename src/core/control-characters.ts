/**
 * The one rule for control characters in values that reach a header, a URL path or the log (model
 * names, keys, labels, base URLs): C0 controls but TAB (CR, LF and NUL split headers; ESC starts
 * terminal sequences in a log viewer), DEL, C1 controls (U+0080-U+009F: CSI and NEL act like ESC
 * and a newline in some terminals). Applied at mint (the schema pattern below) and at use (the
 * client's model name) alike. The Unicode line separators (U+2028/2029) are text, not controls:
 * JSON answers escape them and the console renders them as text.
 */
const CONTROL_CLASS = '\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F'

const CONTROL = new RegExp(`[${CONTROL_CLASS}]`)

/** A JSON-schema pattern (TypeBox) matching strings free of every control character above. */
export const NO_CONTROL_CHARACTERS_PATTERN = `^[^${CONTROL_CLASS}]*$`

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text)
}
