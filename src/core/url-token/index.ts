/** The encrypted proxy-URL token: seal, open, key ring. */
export type { KeyRing } from './key-ring.ts'
export { MAX_KEY_ID } from './key-ring.ts'
export { invalidTokenError } from './token-error.ts'
export { sealToken } from './seal-token.ts'
export { openToken, looksLikeToken, EXPIRY_SKEW_SECONDS } from './open-token.ts'
export { newTokenId } from './new-token-id.ts'
export { TOKEN_PREFIX, MAX_PLAINTEXT_BYTES } from './token-format.ts'
