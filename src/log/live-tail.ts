/** Subscribers to rows as they are stored (the API's SSE live tail). A failing listener is dropped, never the writer. */
import type { RequestLogRow } from './request-log-row.ts'

export type RowListener = (row: RequestLogRow) => void

export class LiveTail {
  private readonly listeners = new Set<RowListener>()

  subscribe(listener: RowListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  publish(rows: readonly RequestLogRow[]): void {
    if (this.listeners.size === 0) return
    for (const row of rows) {
      // The tail is a list view: bodies stay in the database.
      const { requestBody: _request, responseBody: _response, ...visible } = row
      for (const listener of this.listeners) {
        try {
          listener(visible)
        } catch {
          this.listeners.delete(listener)
        }
      }
    }
  }

  get size(): number {
    return this.listeners.size
  }
}
