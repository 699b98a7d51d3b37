/**
 * Stands in when the database cannot be opened (unreadable file, corrupt header, no space to
 * create it): proxying must go on, so writes fail into the writer's error count and reads are empty.
 */
import type { LogPage } from './log-query.ts'
import type { LogStore, StatsSample } from './log-store.ts'

export class UnavailableStore implements LogStore {
  constructor(private readonly cause: unknown) {}

  insertBatch(): void {
    throw this.cause
  }

  query(): LogPage {
    return { rows: [] }
  }

  get(): undefined {
    return undefined
  }

  samples(): StatsSample[] {
    return []
  }

  prune(): number {
    return 0
  }

  close(): void {}
}
