/**
 * The physical limit for a Bun proxy on this machine: Bun.serve + fetch, forwarding the body and
 * streaming the answer back, with no parsing. The bridge is measured as a ratio of this.
 *
 *   bun scripts/bench/baseline-proxy.ts --port 9101 --upstream http://127.0.0.1:9100
 */
const args = process.argv
const port = Number(args[args.indexOf('--port') + 1] || 9101)
const upstream = args[args.indexOf('--upstream') + 1] ?? 'http://127.0.0.1:9100'

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length'])

Bun.serve({
  port,
  hostname: '127.0.0.1',
  idleTimeout: 0,
  async fetch(request) {
    const url = new URL(request.url)
    const headers = new Headers()
    for (const [name, value] of request.headers) if (!HOP_BY_HOP.has(name)) headers.set(name, value)
    const response = await fetch(upstream + url.pathname + url.search, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer(),
      redirect: 'manual',
      signal: request.signal,
    })
    const out = new Headers(response.headers)
    out.delete('content-encoding')
    out.delete('content-length')
    return new Response(response.body, { status: response.status, headers: out })
  },
})
console.log(`baseline-proxy listening on http://127.0.0.1:${port} → ${upstream}`)
export {}
