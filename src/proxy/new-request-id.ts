/**
 * Request ids of proxied requests: the id in each answer's x-request-id and its request-log row.
 * A log id, not a secret: a random per-process prefix plus a counter, the same shape as before
 * (req_ + 24 hex). Unique within the log (the prefix differs per start) and not guessable from
 * outside without seeing one; 12 random bytes per request were a measurable cost on the hot path.
 * Within a process the ids ascend, so the log's unique index on request_id takes each row at the
 * same growing edge instead of at a random page (which costs ~4× once the log outgrows SQLite's
 * page cache: scripts/bench/log-cost.ts --grown 200000 --ids random).
 */
const REQUEST_ID_PREFIX = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) => byte.toString(16).padStart(2, '0')).join('')
let requestCounter = Math.floor(Math.random() * 0x1000000)

export function newRequestId(): string {
  requestCounter = (requestCounter + 1) % 0x1000000000000
  return `req_${REQUEST_ID_PREFIX}${requestCounter.toString(16).padStart(12, '0')}`
}
