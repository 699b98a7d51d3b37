/**
 * A stand-in for the bridge's API with the documented shapes (src/http/logs-api.ts,
 * generate-url, catalog, healthz), so the console can be driven in a real browser before the
 * whole server is composed. Tests seed rows, push live rows and read what the console sent.
 */
import { Elysia } from 'elysia'

export type FakeRow = Record<string, unknown> & { requestId: string }

export type FakeApiOptions = {
  /** When set, /api/logs* answer 401 unless `Authorization: Bearer <adminKey>` is sent. */
  adminKey?: string
}

export const FAKE_PROVIDERS = [
  {
    id: 'groq',
    name: 'Groq',
    protocol: 'openai',
    authType: 'bearer',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    endpointSupport: { chat: 'translate', models: 'passthrough', embeddings: 'unsupported' },
    docsUrl: 'https://console.groq.com/docs/openai',
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    protocol: 'anthropic',
    authType: 'x-api-key',
    defaultBaseUrl: 'https://api.anthropic.com',
    endpointSupport: { chat: 'translate', count_tokens: 'passthrough' },
    docsUrl: 'javascript:alert(1)',
  },
  {
    id: 'ollama',
    name: 'Ollama (local)',
    protocol: 'openai',
    authType: 'none',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    endpointSupport: { chat: 'translate' },
    docsUrl: 'https://ollama.com',
  },
]

/** As a build with codecs for two protocols answers: the console must not assume which. */
export const FAKE_PROTOCOLS = [
  { id: 'anthropic', codec: true },
  { id: 'openai', codec: true },
  { id: 'openai-responses', codec: false },
  { id: 'gemini', codec: false },
  { id: 'bedrock', codec: false },
]

export class FakeApi {
  readonly rows: FakeRow[] = []
  readonly generateBodies: unknown[] = []
  readonly logRequests: { url: string; authorization: string | null }[] = []
  private readonly subscribers = new Set<ReadableStreamDefaultController<Uint8Array>>()
  private readonly encoder = new TextEncoder()

  constructor(readonly options: FakeApiOptions = {}) {}

  /** Seeds rows as if already stored (no live event). Newest first in answers. */
  seed(...rows: FakeRow[]): void {
    this.rows.push(...rows)
  }

  /** Stores a row and publishes it on the live tail, as the real log does after a write. */
  publish(row: FakeRow): void {
    this.rows.push(row)
    const frame = this.encoder.encode(`event: row\nid: ${row.requestId}\ndata: ${JSON.stringify(row)}\n\n`)
    for (const controller of this.subscribers) controller.enqueue(frame)
  }

  get liveSubscribers(): number {
    return this.subscribers.size
  }

  private authorized(request: Request): boolean {
    this.logRequests.push({ url: request.url, authorization: request.headers.get('authorization') })
    if (this.options.adminKey === undefined) return true
    return request.headers.get('authorization') === `Bearer ${this.options.adminKey}`
  }

  private unauthorized(): Response {
    return Response.json(
      { error_code: 'MISSING_TOKEN', message: 'The request log needs the admin key', request_id: 'api_1' },
      { status: 401 },
    )
  }

  private generate(body: unknown, origin: string): Response {
    this.generateBodies.push(body)
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
    const target = (record.target ?? {}) as Record<string, unknown>
    if (typeof target.baseUrl === 'string' && target.baseUrl.includes('169.254.169.254')) {
      return Response.json(
        { error_code: 'INVALID_JSON', message: 'target.baseUrl: 169.254.169.254 is a metadata address and always denied' },
        { status: 400 },
      )
    }
    const tokenId = `tok_${this.generateBodies.length}`
    const proxyUrl = `${origin}/proxy/lb1_FAKETOKEN${this.generateBodies.length}`
    return Response.json({
      proxyUrl,
      tokenId,
      snippets: {
        proxyUrl,
        envBlock: `ANTHROPIC_BASE_URL=${proxyUrl}\nANTHROPIC_AUTH_TOKEN=unused`,
        curlExample: `curl ${proxyUrl}/v1/messages -H 'content-type: application/json' -d '{"model":"claude"}'`,
        notes: ['Embeddings are not available for Groq.', 'The token may also be sent as the API key.'],
      },
    })
  }

  private liveStream(): Response {
    let self: ReadableStreamDefaultController<Uint8Array> | undefined
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        self = controller
        this.subscribers.add(controller)
        controller.enqueue(this.encoder.encode(': connected\n\n'))
      },
      cancel: () => {
        if (self !== undefined) this.subscribers.delete(self)
      },
    })
    return new Response(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' } })
  }

  /** The shape of src/log/log-query.ts `Stats`, computed naively from the rows. */
  private stats(): Record<string, unknown> {
    const figures = (rows: FakeRow[]) => ({
      requests: rows.length,
      errors: rows.filter((row) => Number(row.status) >= 400).length,
      latencyP50Ms: rows.length === 0 ? null : 1200,
      latencyP95Ms: rows.length === 0 ? null : 2345,
      ttfbP50Ms: rows.length === 0 ? null : 400,
      ttfbP95Ms: rows.length === 0 ? null : 900,
      inputTokens: rows.length * 1834,
      outputTokens: rows.length * 322,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: rows.length * 0.00131,
    })
    const models = new Map<string, FakeRow[]>()
    for (const row of this.rows) {
      const key = JSON.stringify([row.provider ?? null, row.upstreamModel ?? row.clientModel ?? null])
      models.set(key, [...(models.get(key) ?? []), row])
    }
    const now = Date.now()
    return {
      from: now - 86_400_000,
      to: now,
      bucket: 'hour',
      totals: figures(this.rows),
      buckets: [
        { start: now - 7_200_000, ...figures(this.rows.slice(0, 1)) },
        { start: now - 3_600_000, ...figures(this.rows) },
      ],
      models: [...models].map(([key, rows]) => {
        const [provider, model] = JSON.parse(key) as [string | null, string | null]
        return { provider, model, ...figures(rows) }
      }),
    }
  }

  plugin() {
    return new Elysia({ name: 'fake-api' })
      .get('/healthz', () => Response.json({ status: 'ok', version: '0.1.0-test' }))
      .get('/api/catalog', () => Response.json({ providers: FAKE_PROVIDERS, protocols: FAKE_PROTOCOLS }))
      .post('/api/generate-url', async ({ request }) => this.generate(await request.json(), new URL(request.url).origin))
      .get('/api/stats', ({ request }) => (this.authorized(request) ? Response.json(this.stats()) : this.unauthorized()))
      .get('/api/logs/stream', ({ request }) => (this.authorized(request) ? this.liveStream() : this.unauthorized()))
      .get('/api/logs/:id', ({ request, params }) => {
        if (!this.authorized(request)) return this.unauthorized()
        const row = this.rows.find((item) => item.requestId === params.id)
        return row === undefined ? Response.json({ message: 'No log row with this id' }, { status: 404 }) : Response.json(row)
      })
      .get('/api/logs', ({ request }) => {
        if (!this.authorized(request)) return this.unauthorized()
        const rows = [...this.rows].sort((a, b) => Number(b.startedAt) - Number(a.startedAt))
        return Response.json({ rows })
      })
  }

  close(): void {
    for (const controller of this.subscribers) {
      try {
        controller.close()
      } catch {
        // Already cancelled by the browser.
      }
    }
    this.subscribers.clear()
  }
}

let counter = 0

/** A complete row in the shape of src/log/request-log-row.ts. */
export function makeRow(overrides: Partial<FakeRow> = {}): FakeRow {
  counter += 1
  return {
    requestId: `req_${counter.toString().padStart(4, '0')}`,
    startedAt: Date.now() - 60_000 + counter * 1000,
    tokenId: 'tok_a1',
    label: 'laptop claude-code',
    sourceProtocol: 'anthropic',
    targetProtocol: 'openai',
    provider: 'groq',
    endpointGroup: 'chat',
    method: 'POST',
    path: '/v1/messages',
    clientModel: 'claude-sonnet-4-5',
    upstreamModel: 'llama-3.3-70b-versatile',
    stream: true,
    status: 200,
    attempts: 1,
    durationMs: 2345,
    ttfbMs: 412,
    usage: { inputTokens: 1834, outputTokens: 322, cacheReadTokens: 1200 },
    costUsd: 0.00131,
    warnings: [{ code: 'dropped-field', field: 'cache_control', message: 'Groq has no prompt caching; cache_control was dropped' }],
    userAgent: 'claude-cli/2.0.14 (external, cli)',
    bytesIn: 5120,
    bytesOut: 2048,
    ...overrides,
  }
}
