/**
 * The machine code a storage error carries (SQLITE_FULL, SQLITE_NOTADB, ENOENT, LOG_THREAD_EXITED…):
 * safe to show in /healthz and API answers, unlike the message, which may name a file.
 */
export function errorCodeOf(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined
}
