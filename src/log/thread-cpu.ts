/**
 * CPU seconds used by the calling thread. The log's cost is reported per thread (the proxy's and
 * the writer's): on a shared core, wall time around a batch would also count the slices the
 * other thread ran in between.
 */
export function threadCpuSeconds(): number {
  const usage = process.threadCpuUsage()
  return (usage.user + usage.system) / 1e6
}
