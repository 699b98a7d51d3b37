/** Child processes for the benchmark: pinned to a core, waited for, measured through /proc. */
import { readdirSync, readFileSync } from 'node:fs'
import type { Subprocess } from 'bun'

/**
 * The environment `make run` starts the bridge with (Makefile): Bun's fetch raised from 256
 * requests in flight (the ramp opens 1,000 streams) and the JS engine's memory policy of a 4 GiB
 * host instead of this 24 GiB one. Every Bun proxy here (baseline, peers) gets the same, so memory and
 * throughput compare like with like.
 */
export const RUN_ENV = { BUN_CONFIG_MAX_HTTP_REQUESTS: '4096', BUN_JSC_forceRAMSize: String(4 * 1024 * 1024 * 1024) }

export type Child = { name: string; proc: Subprocess; pid: number }

/** Starts `command` pinned to `cpu` with taskset (when there is more than one core). */
export function spawnPinned(name: string, command: string[], cpu: number | undefined, env: Record<string, string> = {}): Child {
  const pinned = cpu === undefined ? command : ['taskset', '-c', String(cpu), ...command]
  const proc = Bun.spawn(pinned, { stdout: 'pipe', stderr: 'pipe', env: { ...process.env, ...env } })
  return { name, proc, pid: proc.pid }
}

export async function waitForHttp(url: string, timeoutMs = 15_000): Promise<number> {
  const start = performance.now()
  while (performance.now() - start < timeoutMs) {
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      return performance.now() - start
    } catch {
      await Bun.sleep(10)
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

/**
 * CPU time (user + system) of a process in microseconds, from /proc/<pid>/stat; with `tid`, of
 * that one thread (/proc/<pid>/task/<tid>/stat; the main thread's tid is the pid).
 */
export function cpuMicros(pid: number, tid?: number): number {
  const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1_000_000) / 100 // USER_HZ is 100 on Linux
}

/** CPU microseconds of each thread of a process, summed by thread name (comm): where its time went. */
export function cpuByThreadName(pid: number): Map<string, number> {
  const byName = new Map<string, number>()
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
      byName.set(name, (byName.get(name) ?? 0) + cpuMicros(pid, tid))
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byName
}

/** Busy and total jiffies of each core since boot, from /proc/stat (busy: all but idle and iowait). */
export function coreTimes(): Array<{ busy: number; total: number }> {
  return readFileSync('/proc/stat', 'utf8').split('\n').filter((line) => /^cpu\d+ /.test(line)).map((line) => {
    const fields = line.trim().split(/\s+/).slice(1).map(Number)
    const total = fields.reduce((sum, value) => sum + value, 0)
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total }
  })
}

/** Thread ids of a process whose name (comm) is `name`: Bun names each Worker's thread "Worker". */
export function threadsNamed(pid: number, name: string): number[] {
  return readdirSync(`/proc/${pid}/task`).map(Number).filter((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === name
    } catch {
      return false
    }
  })
}

/** Resident set size in MiB, from /proc/<pid>/status. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  return match ? Number(match[1]) / 1024 : 0
}

export async function freePort(): Promise<number> {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response('') })
  const port = server.port ?? 0
  server.stop(true)
  return port
}

export function stopAll(children: Child[]): void {
  for (const child of children) child.proc.kill()
}
