/**
 * The OpenAI API's endpoints beside chat, one wire for every codec of the OpenAI family (Chat
 * Completions and Responses clients call the same `/v1/files`, `/v1/batches`, …). Paths are
 * relative to the proxy base without the `v1/` prefix. Uploads are a way to create a File, so
 * they are the 'files' group; fine-tuning, assistants, threads, evals and containers have no
 * group of their own ('other'); conversations hold Responses state ('responses').
 * @see ../../../../../shared/protocols/openai-chat.md §1
 */
import type { DocumentedEndpoint, EndpointGroup, RouteMatch } from '../codec.ts'

/** One-call operations: POST only. */
const OPERATIONS: Record<string, EndpointGroup> = {
  embeddings: 'embeddings',
  completions: 'completions',
  moderations: 'moderations',
  rerank: 'rerank',
  'images/generations': 'images',
  'images/edits': 'images',
  'images/variations': 'images',
  'audio/speech': 'audio',
  'audio/transcriptions': 'audio',
  'audio/translations': 'audio',
}

/** Collections whose items are read, created, cancelled or deleted under their own path. */
const COLLECTIONS: Record<string, EndpointGroup> = {
  files: 'files',
  uploads: 'files',
  batches: 'batches',
  vector_stores: 'vector_stores',
  conversations: 'responses',
  fine_tuning: 'other',
  assistants: 'other',
  threads: 'other',
  evals: 'other',
  containers: 'other',
}

export function matchOpenaiFamilyOperation(verb: string, relative: string): RouteMatch | undefined {
  const operation = OPERATIONS[relative]
  if (operation !== undefined) return verb === 'POST' ? { group: operation } : undefined
  const group = COLLECTIONS[relative.split('/', 1)[0]!]
  if (group === undefined || (verb !== 'GET' && verb !== 'POST' && verb !== 'DELETE')) return undefined
  // `fine_tuning` itself is no endpoint, only its `jobs`, `checkpoints`, …
  if (relative === 'fine_tuning') return undefined
  return { group }
}

/** The API reference's endpoints shared by the family (platform.openai.com/docs/api-reference). */
export const OPENAI_FAMILY_ENDPOINTS: readonly DocumentedEndpoint[] = [
  { method: 'GET', path: 'v1/models', group: 'models' },
  { method: 'GET', path: 'v1/models/gpt-4.1', group: 'models' },
  { method: 'POST', path: 'v1/embeddings', group: 'embeddings' },
  { method: 'POST', path: 'v1/completions', group: 'completions' },
  { method: 'POST', path: 'v1/moderations', group: 'moderations' },
  { method: 'POST', path: 'v1/rerank', group: 'rerank' },
  { method: 'POST', path: 'v1/images/generations', group: 'images' },
  { method: 'POST', path: 'v1/images/edits', group: 'images' },
  { method: 'POST', path: 'v1/images/variations', group: 'images' },
  { method: 'POST', path: 'v1/audio/transcriptions', group: 'audio' },
  { method: 'POST', path: 'v1/audio/translations', group: 'audio' },
  { method: 'POST', path: 'v1/audio/speech', group: 'audio' },
  { method: 'POST', path: 'v1/files', group: 'files' },
  { method: 'GET', path: 'v1/files', group: 'files' },
  { method: 'GET', path: 'v1/files/file-abc', group: 'files' },
  { method: 'GET', path: 'v1/files/file-abc/content', group: 'files' },
  { method: 'DELETE', path: 'v1/files/file-abc', group: 'files' },
  { method: 'POST', path: 'v1/uploads', group: 'files' },
  { method: 'POST', path: 'v1/uploads/upload_abc/parts', group: 'files' },
  { method: 'POST', path: 'v1/uploads/upload_abc/complete', group: 'files' },
  { method: 'POST', path: 'v1/uploads/upload_abc/cancel', group: 'files' },
  { method: 'POST', path: 'v1/batches', group: 'batches' },
  { method: 'GET', path: 'v1/batches', group: 'batches' },
  { method: 'GET', path: 'v1/batches/batch_abc', group: 'batches' },
  { method: 'POST', path: 'v1/batches/batch_abc/cancel', group: 'batches' },
  { method: 'POST', path: 'v1/vector_stores', group: 'vector_stores' },
  { method: 'GET', path: 'v1/vector_stores/vs_abc', group: 'vector_stores' },
  { method: 'POST', path: 'v1/vector_stores/vs_abc/files', group: 'vector_stores' },
  { method: 'POST', path: 'v1/vector_stores/vs_abc/search', group: 'vector_stores' },
  { method: 'DELETE', path: 'v1/vector_stores/vs_abc', group: 'vector_stores' },
  { method: 'POST', path: 'v1/conversations', group: 'responses' },
  { method: 'GET', path: 'v1/conversations/conv_abc/items', group: 'responses' },
  { method: 'POST', path: 'v1/fine_tuning/jobs', group: 'other' },
  { method: 'GET', path: 'v1/fine_tuning/jobs/ftjob-abc/events', group: 'other' },
  { method: 'POST', path: 'v1/assistants', group: 'other' },
  { method: 'POST', path: 'v1/threads/runs', group: 'other' },
  { method: 'POST', path: 'v1/evals', group: 'other' },
  { method: 'POST', path: 'v1/containers', group: 'other' },
]
