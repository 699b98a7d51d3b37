/**
 * Top self-time functions of a V8/JSC `.cpuprofile` (what `bun --cpu-prof` writes), so a missed
 * target can be explained in a few lines instead of a flame graph.
 *
 *   bun scripts/bench/summarize-profile.ts <file.cpuprofile> [--top 25]
 */
import { readFileSync } from 'node:fs'

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const MAX_SAMPLE_GAP_US = 50_000

export type SelfTime = { name: string; where: string; selfMs: number; share: number }

export function summarizeProfile(profile: CpuProfile, top = 25): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfUs = new Map<string, { name: string; where: string; us: number }>()
  let total = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)
    const delta = profile.timeDeltas[i] ?? 0
    if (!node) continue
    const frame = node.callFrame
    // Idle time is the event loop waiting: not work, so not part of the share. A sample after a
    // long pause (startup, the profiler stalled) would charge the whole pause to one function.
    if (frame.functionName === '(idle)' || delta > MAX_SAMPLE_GAP_US) continue
    const where = frame.url ? `${frame.url.replace(/^.*\/(src|node_modules|scripts)\//, '$1/')}:${frame.lineNumber + 1}` : ''
    const key = `${frame.functionName}@${where}`
    const entry = selfUs.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 }
    entry.us += delta
    selfUs.set(key, entry)
    total += delta
  }
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((entry) => ({ name: entry.name, where: entry.where, selfMs: entry.us / 1000, share: total ? entry.us / total : 0 }))
}

export function renderSummary(rows: SelfTime[]): string {
  return rows.map((row) => `${(row.share * 100).toFixed(1).padStart(5)}%  ${row.selfMs.toFixed(0).padStart(6)} ms  ${row.name}  ${row.where}`).join('\n')
}

if (import.meta.main) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: summarize-profile.ts <file.cpuprofile> [--top N]')
  const topIndex = process.argv.indexOf('--top')
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25
  console.log(renderSummary(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top)))
}
