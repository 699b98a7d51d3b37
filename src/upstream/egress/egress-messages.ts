import type { AddressClass } from './classify-address.ts'

const DESCRIPTIONS: Record<AddressClass, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address (0.0.0.0/8 or ::)',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  invalid: 'not a valid address',
}

/** `is` for an IP literal in the URL, `resolves to` for a name: the user sees what was checked. */
function subject(display: string, isLiteral: boolean, kind: AddressClass): string {
  return `Upstream host ${display} ${isLiteral ? 'is' : 'resolves to'} ${DESCRIPTIONS[kind]}`
}

export function allowableMessage(display: string, isLiteral: boolean, kind: AddressClass): string {
  return `${subject(display, isLiteral, kind)}; start llm-bridge with --allow-host ${display} (or LLM_BRIDGE_ALLOW_HOSTS) to allow it`
}

export function neverAllowedMessage(display: string, isLiteral: boolean, kind: AddressClass): string {
  return `${subject(display, isLiteral, kind)}, which can never be allowed`
}

export function ownPortMessage(display: string): string {
  return `Upstream host ${display} is llm-bridge itself; a proxy URL cannot point back at the bridge`
}
