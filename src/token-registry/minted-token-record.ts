/** A minted_token row ⇄ MintedTokenView. The settings column is JSON written by this module only. */
import type { ModelPolicy } from '../core/proxy-config.ts'
import type { ProtocolId } from '../core/model/index.ts'
import type { MintedSettings, MintedTokenView } from './minted-token.ts'

export type MintedTokenRecord = {
  token_id: string
  created_at: number
  expires_at: number | null
  label: string | null
  source_protocol: string
  target_protocol: string
  provider: string | null
  target_host: string
  model_mode: string
  key_id: number
  settings: string
  revoked_at: number | null
}

export function toMintedTokenView(record: MintedTokenRecord, usage: { requests: number; last_used_at: number | null } | undefined): MintedTokenView {
  const view: MintedTokenView = {
    tokenId: record.token_id,
    sourceProtocol: record.source_protocol as ProtocolId,
    targetProtocol: record.target_protocol as ProtocolId,
    targetHost: record.target_host,
    modelMode: record.model_mode as ModelPolicy['mode'],
    keyId: record.key_id,
    createdAt: record.created_at,
    settings: JSON.parse(record.settings) as MintedSettings,
  }
  if (record.label !== null) view.label = record.label
  if (record.provider !== null) view.provider = record.provider
  if (record.expires_at !== null) view.expiresAt = record.expires_at
  if (record.revoked_at !== null) view.revokedAt = record.revoked_at
  if (usage !== undefined) {
    view.requestCount = usage.requests
    if (usage.last_used_at !== null) view.lastUsedAt = usage.last_used_at
  }
  return view
}
