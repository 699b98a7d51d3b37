/**
 * What connecting to the checked address costs per upstream call (src/upstream/pin-address.ts):
 * µs per callUpstream round trip to a local upstream, by name with fetch resolving it (the
 * unpinned path: a verdict without addresses) and pinned to the checked address (the IP URL, a
 * copied Headers with Host, and for https the TLS server name), over plain http and over https.
 * Both use `localhost`, which the egress check answers without DNS and Bun's fetch resolves from
 * its own cache, so the figures compare the fetch paths, not a resolver. Rounds alternate between
 * the variants so a busy machine slows all of them alike; the figure is the median round. Needs
 * `openssl` (a throwaway certificate for localhost).
 *
 *   bun scripts/bench/pinning-cost.ts            (about ten seconds)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callUpstream, type CheckEgressAtUse } from '../../src/upstream/call-upstream.ts'

const ROUNDS = 15
const CALLS_PER_ROUND = 500

const dir = mkdtempSync(join(tmpdir(), 'pinning-cost-'))
const made = Bun.spawnSync(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'])
if (made.exitCode !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`)
const cert = readFileSync(join(dir, 'cert.pem'), 'utf8')
const key = readFileSync(join(dir, 'key.pem'), 'utf8')
rmSync(dir, { recursive: true, force: true })

const ANSWER = JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' } }] })
const serve = (tls: boolean) => Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 0, ...(tls ? { tls: { cert, key } } : {}), fetch: () => new Response(ANSWER, { headers: { 'content-type': 'application/json' } }) })
const plain = serve(false)
const secure = serve(true)
// The bridge passes no CA; this run has to trust its own certificate.
const trusting = ((input: string | URL | Request, init?: RequestInit & { tls?: Record<string, unknown> }) => fetch(input, { ...init, tls: { ...init?.tls, ca: cert } })) as typeof fetch

const unpinned: CheckEgressAtUse = async () => {}
const pinned: CheckEgressAtUse = async () => ({ addresses: ['127.0.0.1'] })
const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'ping' }] })
const headers = new Headers({ 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'user-agent': 'bench' })

async function round(url: string, checkEgress: CheckEgressAtUse, fetcher: typeof fetch): Promise<number> {
  const start = Bun.nanoseconds()
  for (let i = 0; i < CALLS_PER_ROUND; i++) {
    const { response } = await callUpstream({ url, method: 'POST', headers, body, signal: new AbortController().signal, checkEgress, fetch: fetcher, probeConnect: false })
    await response.text()
  }
  return (Bun.nanoseconds() - start) / CALLS_PER_ROUND / 1000
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

const variants = [
  { name: 'http  by name (unpinned)', url: `http://localhost:${plain.port}/v1/chat`, check: unpinned, fetcher: fetch },
  { name: 'http  pinned            ', url: `http://localhost:${plain.port}/v1/chat`, check: pinned, fetcher: fetch },
  { name: 'https by name (unpinned)', url: `https://localhost:${secure.port}/v1/chat`, check: unpinned, fetcher: trusting },
  { name: 'https pinned            ', url: `https://localhost:${secure.port}/v1/chat`, check: pinned, fetcher: trusting },
]
const times = variants.map(() => [] as number[])
for (const variant of variants) await round(variant.url, variant.check, variant.fetcher)
for (let r = 0; r < ROUNDS; r++) {
  for (const [index, variant] of variants.entries()) times[index]?.push(await round(variant.url, variant.check, variant.fetcher))
}
const medians = times.map(median)
for (const [index, variant] of variants.entries()) {
  const base = medians[index - (index % 2)] ?? Number.NaN
  console.log(`${variant.name}  ${(medians[index] ?? 0).toFixed(1).padStart(7)} µs/call  ratio ${((medians[index] ?? 0) / base).toFixed(3)}`)
}
plain.stop(true)
secure.stop(true)
