/**
 * AWS Signature Version 4 for Bedrock (signing name `bedrock`, not `bedrock-runtime`), with
 * WebCrypto only. Non-S3 services double-encode the path: a model id `v1:0` travels as `v1%3A0`
 * and is signed as `v1%253A0` (the #1 cause of SignatureDoesNotMatch).
 * @see ../../../../shared/protocols/bedrock-converse.md §2.1
 */
export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region: string }

export type SigV4Input = {
  method: string
  url: URL
  headers: Headers
  body: Uint8Array | string | undefined
  service?: string
  /** Injected in tests; defaults to now. */
  now?: Date
}

const encoder = new TextEncoder()

/** Returns the headers to send: the input headers plus x-amz-date, x-amz-content-sha256, (token) and Authorization. */
export async function signAwsSigV4(credentials: AwsCredentials, input: SigV4Input): Promise<Headers> {
  const service = input.service ?? 'bedrock'
  const headers = new Headers(input.headers)
  const amzDate = (input.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const bodyHash = toHex(await sha256(input.body ?? ''))
  headers.set('host', input.url.host)
  headers.set('x-amz-date', amzDate)
  headers.set('x-amz-content-sha256', bodyHash)
  if (credentials.sessionToken) headers.set('x-amz-security-token', credentials.sessionToken)

  const signed = signedHeaderNames(headers)
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.url.pathname),
    canonicalQuery(input.url.searchParams),
    signed.map((name) => `${name}:${(headers.get(name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signed.join(';'),
    bodyHash,
  ].join('\n')
  const scope = `${day}/${credentials.region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, toHex(await sha256(canonicalRequest))].join('\n')
  let key = await hmac(encoder.encode(`AWS4${credentials.secretAccessKey}`), day)
  for (const part of [credentials.region, service, 'aws4_request']) key = await hmac(key, part)
  const signature = toHex(await hmac(key, stringToSign))
  headers.set(
    'authorization',
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
  )
  // fetch sets Host itself from the URL; a Host header in the init would be ignored or rejected.
  headers.delete('host')
  return headers
}

/** Sign only headers a client will send unchanged: never user-agent, accept-encoding and the like. */
function signedHeaderNames(headers: Headers): string[] {
  const names = ['host', 'content-type', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token']
  return names.filter((name) => headers.has(name)).sort()
}

function canonicalUri(pathname: string): string {
  if (pathname === '') return '/'
  return pathname.split('/').map((segment) => rfc3986(segment)).join('/')
}

function canonicalQuery(params: URLSearchParams): string {
  const pairs = [...params.entries()].map(([key, value]) => [rfc3986(key), rfc3986(value)] as const)
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  return pairs.map(([key, value]) => `${key}=${value}`).join('&')
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}

async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  // Bodies are never backed by a SharedArrayBuffer here; the cast only narrows the buffer type.
  const bytes = typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>)
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
}

async function hmac(key: Uint8Array<ArrayBuffer>, data: string): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data)))
}

function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}
