/** Re-renders results/latest.md from results/latest.json (after a change to report.ts, without a new run). */
import { readFileSync, writeFileSync } from 'node:fs'
import { checkTargets, renderMarkdown, type BenchReport } from './report.ts'

const report = JSON.parse(readFileSync('scripts/bench/results/latest.json', 'utf8')) as BenchReport
writeFileSync('scripts/bench/results/latest.json', `${JSON.stringify({ ...report, targets: checkTargets(report) }, null, 2)}\n`)
writeFileSync('scripts/bench/results/latest.md', `${renderMarkdown(report)}\n`)
console.log(renderMarkdown(report))
