/** Minted URLs (non-secret settings only) and their revocation. */
export { describeMint, type MintedSettings, type MintedToken, type MintedTokenView } from './minted-token.ts'
export { openTokenRegistry, DEFAULT_LIST_LIMIT, REGISTRY_FILE_NAME, type RevokeOutcome, type TokenRegistry } from './token-registry.ts'
export { loadRevocations, revokeToken } from './revocation.ts'
