/**
 * Name → addresses. `localhost` and `*.localhost` are loopback by definition (RFC 6761) and are
 * answered without asking DNS, so they are recognised even on a machine whose resolver is odd.
 */
export type Resolve = (hostname: string) => Promise<string[]>

export async function defaultResolve(hostname: string): Promise<string[]> {
  const answers = await Bun.dns.lookup(hostname, { family: 0 })
  return answers.map((answer) => answer.address)
}

export function isLocalhostName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost')
}
