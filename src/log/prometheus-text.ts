/**
 * Prometheus text exposition format 0.0.4.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
import type { Labels, MetricFamily } from './metric-family.ts'

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = []
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`)
    if (family.type !== 'histogram') {
      for (const entry of family.series) lines.push(`${family.name}${renderLabels(entry.labels)} ${formatNumber(entry.value)}`)
      continue
    }
    for (const entry of family.series) {
      family.buckets.forEach((bound, index) => {
        const labels = renderLabels({ ...entry.labels, le: formatNumber(bound) })
        lines.push(`${family.name}_bucket${labels} ${entry.counts[index] ?? 0}`)
      })
      lines.push(`${family.name}_bucket${renderLabels({ ...entry.labels, le: '+Inf' })} ${entry.count}`)
      lines.push(`${family.name}_sum${renderLabels(entry.labels)} ${formatNumber(entry.sum)}`)
      lines.push(`${family.name}_count${renderLabels(entry.labels)} ${entry.count}`)
    }
  }
  return `${lines.join('\n')}\n`
}

function renderLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}
