/**
 * Pieces for the pinned-connection tests: a resolver stub that answers differently on each lookup
 * (a rebinding DNS server), an egress check built on it, and loopback upstreams that record the
 * Host header and the TLS server name (SNI) they were reached with.
 */
import { readFileSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { checkEgress } from '../../../src/upstream/egress/index.ts'
import type { CheckEgressAtUse } from '../../../src/upstream/call-upstream.ts'

const TLS_DIR = join(import.meta.dir, 'tls')
export const tlsFiles = (name: 'upstream.test' | 'other.test') => ({
  cert: readFileSync(join(TLS_DIR, `${name}.cert.pem`), 'utf8'),
  key: readFileSync(join(TLS_DIR, `${name}.key.pem`), 'utf8'),
})

/** Answers `answers[n]` to the nth lookup (the last one from then on) and counts lookups. */
export function rebindingResolver(answers: string[][]): { resolve: (hostname: string) => Promise<string[]>; lookups: string[] } {
  const lookups: string[] = []
  const resolve = async (hostname: string): Promise<string[]> => {
    lookups.push(hostname)
    return answers[Math.min(lookups.length, answers.length) - 1] ?? []
  }
  return { resolve, lookups }
}

/** The egress check at use with the stub resolver, as the proxy handler builds it. */
export function egressCheck(resolve: (hostname: string) => Promise<string[]>, allowHosts: string[]): CheckEgressAtUse {
  const policy = { allowHosts, ownPorts: [], resolve, localAddresses: () => [] }
  return (url) => checkEgress(url, policy, 'use')
}

export type Recorded = { hosts: string[]; serverNames: string[]; stop: () => void }

/** A plain-http upstream on `hostname` answering `name:<host header>`. */
export function httpUpstream(hostname: string, port = 0): Recorded & { port: number } {
  const hosts: string[] = []
  const server = Bun.serve({
    hostname,
    port,
    fetch(request) {
      const host = request.headers.get('host') ?? ''
      hosts.push(host)
      return new Response(`${hostname} saw ${host}`)
    },
  })
  return { hosts, serverNames: [], port: server.port ?? 0, stop: () => void server.stop(true) }
}

/** An https upstream on 127.0.0.1 serving the certificate of `certName`, recording SNI and Host. */
export async function httpsUpstream(certName: 'upstream.test' | 'other.test'): Promise<Recorded & { port: number }> {
  const files = tlsFiles(certName)
  const hosts: string[] = []
  const serverNames: string[] = []
  const server = createHttpsServer(files, (request, response) => {
      const socket = request.socket as { servername?: string | false }
      serverNames.push(String(socket.servername))
      hosts.push(request.headers.host ?? '')
      response.end(`tls saw ${request.headers.host ?? ''}`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return { hosts, serverNames, port, stop: () => void server.close() }
}

/** Global fetch that trusts the test certificates (the bridge itself passes no CA). */
export const trustingFetch = ((input: string | URL | Request, init?: RequestInit & { tls?: Record<string, unknown> }) =>
  fetch(input, { ...init, tls: { ...init?.tls, ca: [tlsFiles('upstream.test').cert, tlsFiles('other.test').cert] } })) as typeof fetch
