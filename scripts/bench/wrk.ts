/** Fixed-concurrency load with wrk (Debian package), results read from a Lua done() hook as JSON. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type WrkResult = { requests: number; seconds: number; rps: number; errors: number; non2xx: number; p50us: number; p99us: number }

const SCRIPT = `
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
local f = io.open(os.getenv("BENCH_BODY_FILE"), "rb")
wrk.body = f:read("*all")
f:close()
for name, value in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^=;]+)=([^;]*)") do wrk.headers[name] = value end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nBENCH_JSON {"requests":%d,"micros":%d,"errors":%d,"non2xx":%d,"p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
`

/** wrk from Debian; installed when missing (as root, after apt-get update), as the issue asks. */
export async function ensureWrk(): Promise<void> {
  if (Bun.which('wrk')) return
  if (process.getuid?.() !== 0 || !Bun.which('apt-get')) throw new Error('wrk is missing and cannot be installed here (needs root and apt-get): apt-get install -y wrk')
  console.log('wrk not found: apt-get update && apt-get install -y wrk')
  for (const command of [['apt-get', 'update'], ['apt-get', 'install', '-y', 'wrk']]) {
    const child = Bun.spawn(command, { stdout: 'ignore', stderr: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if ((await child.exited) !== 0) throw new Error(`${command.join(' ')} failed`)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'llm-bridge-bench-'))
const scriptPath = join(dir, 'post.lua')
writeFileSync(scriptPath, SCRIPT)

export async function runWrk(options: {
  url: string
  body: string
  connections: number
  seconds: number
  headers?: Record<string, string>
  cpu?: number
}): Promise<WrkResult> {
  const bodyPath = join(dir, `body-${Bun.hash(options.body)}.json`)
  writeFileSync(bodyPath, options.body)
  const threads = Math.min(options.connections, 2)
  const command = ['wrk', '-t', String(threads), '-c', String(options.connections), '-d', `${options.seconds}s`, '--timeout', '10s', '-s', scriptPath, options.url]
  const pinned = options.cpu === undefined ? command : ['taskset', '-c', String(options.cpu), ...command]
  const headers = Object.entries(options.headers ?? {}).map(([k, v]) => `${k}=${v}`).join(';')
  const proc = Bun.spawn(pinned, { stdout: 'pipe', stderr: 'pipe', env: { ...process.env, BENCH_BODY_FILE: bodyPath, BENCH_HEADERS: headers } })
  const output = await new Response(proc.stdout).text()
  await proc.exited
  const line = output.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line) throw new Error(`wrk gave no result:\n${output}\n${await new Response(proc.stderr).text()}`)
  const raw = JSON.parse(line.slice('BENCH_JSON '.length)) as { requests: number; micros: number; errors: number; non2xx: number; p50: number; p99: number }
  const seconds = raw.micros / 1e6
  return { requests: raw.requests, seconds, rps: raw.requests / seconds, errors: raw.errors, non2xx: raw.non2xx, p50us: raw.p50, p99us: raw.p99 }
}
