/**
 * Stands in when the database cannot be opened (unreadable file, corrupt header, no space to
 * create it): proxying must go on, so writes fail into the writer's error count and reads are empty.
 */
import { EmptyStore } from './empty-store.ts'

export class UnavailableStore extends EmptyStore {
  constructor(readonly cause: unknown) {
    super()
  }

  override insertBatch(): void {
    throw this.cause
  }
}
