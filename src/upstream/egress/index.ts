/** The egress policy: which upstream URLs the bridge may call. */
export { checkEgress, type EgressPhase, type EgressPolicy, type EgressVerdict } from './check-egress.ts'
export { reuseEgressVerdict, VERDICT_REUSE_MS } from './reuse-egress-verdict.ts'
export { classifyAddress, type AddressClass } from './classify-address.ts'
export { parseAllowHost, type AllowEntry } from './parse-allow-host.ts'
export type { Resolve } from './resolve-host.ts'
