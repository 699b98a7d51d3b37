/**
 * GET /api/plan as the console reads it: per provider (and per custom upstream protocol) what a
 * URL from one client protocol does with each endpoint group, as the router decides it. Narrowed
 * from `unknown`; every string is rendered as text.
 */
import type { Static } from '@sinclair/typebox'
import type { GroupPlanSchema } from '../src/http/plan-api-schema.ts'
import { isRecord, readString } from './types.ts'

/** The server's own action list (type only: nothing of the server is bundled). */
export type PlanAction = Static<typeof GroupPlanSchema>['action']
export type GroupPlan = { group: string; action: PlanAction; reason?: string }
export type ProviderPlan = { id: string; name: string; protocol: string; docsUrl?: string; plan: GroupPlan[] }
export type EndpointPlans = { source: string; mode: string; groups: string[]; providers: ProviderPlan[]; custom: Array<{ protocol: string; plan: GroupPlan[] }> }

const ACTIONS = [
  'translate', 'translate-embeddings', 'passthrough', 'count-tokens-upstream', 'count-tokens-locally', 'list-models-upstream', 'list-models-locally', 'unsupported',
] as const satisfies readonly PlanAction[]
// Fails the type check when the server names an action this list (and so the parser) lacks.
const everyActionListed: Exclude<PlanAction, (typeof ACTIONS)[number]> extends never ? true : false = true
void everyActionListed

/** The short words on a tag or a matrix cell. */
export const ACTION_LABELS: Record<PlanAction, string> = {
  translate: 'translated',
  'translate-embeddings': 'translated',
  passthrough: 'passthrough',
  'count-tokens-upstream': 'counted by the provider',
  'count-tokens-locally': 'local count',
  'list-models-upstream': 'upstream list, translated',
  'list-models-locally': 'answered by the bridge',
  unsupported: 'unsupported',
}

/** What a tag's tooltip says beside an unsupported group's reason. */
export const ACTION_HINTS: Record<PlanAction, string> = {
  translate: 'Translated to the provider’s protocol by the bridge',
  'translate-embeddings': 'Translated to the provider’s embeddings call by the bridge',
  passthrough: 'Sent to the provider as the client sent it',
  'count-tokens-upstream': 'Translated to the provider’s own token counter',
  'count-tokens-locally': 'The bridge counts the tokens itself (exactly with the model’s tokenizer where it has one, else an estimate); nothing is sent upstream',
  'list-models-upstream': 'The provider’s own model list, read by the bridge and given in the client’s format (model names pass through)',
  'list-models-locally': 'The bridge answers with the model names this URL accepts; nothing is sent upstream',
  unsupported: 'Answers UNSUPPORTED_ENDPOINT',
}

/** `modelMode`: the URL's model policy mode; model lists come from the provider only where names pass through. */
export function planUrl(source: string, mode: string, modelMode?: string): string {
  return `/api/plan?${new URLSearchParams({ source, mode, ...(modelMode === undefined ? {} : { modelMode }) }).toString()}`
}

function parseGroupPlans(value: unknown): GroupPlan[] {
  if (!Array.isArray(value)) return []
  const plans: GroupPlan[] = []
  for (const item of value) {
    if (!isRecord(item)) continue
    const group = readString(item, 'group')
    const action = readString(item, 'action')
    if (group === undefined || !(ACTIONS as readonly string[]).includes(action ?? '')) continue
    const reason = readString(item, 'reason')
    plans.push({ group, action: action as PlanAction, ...(reason === undefined ? {} : { reason }) })
  }
  return plans
}

export function parseEndpointPlans(value: unknown): EndpointPlans | undefined {
  if (!isRecord(value) || !Array.isArray(value.providers) || !Array.isArray(value.groups)) return undefined
  const providers: ProviderPlan[] = []
  for (const item of value.providers) {
    if (!isRecord(item)) continue
    const id = readString(item, 'id')
    if (id === undefined) continue
    const docsUrl = readString(item, 'docsUrl')
    providers.push({ id, name: readString(item, 'name') ?? id, protocol: readString(item, 'protocol') ?? '', ...(docsUrl === undefined ? {} : { docsUrl }), plan: parseGroupPlans(item.plan) })
  }
  const custom = (Array.isArray(value.custom) ? value.custom : []).filter(isRecord).map((item) => ({ protocol: readString(item, 'protocol') ?? '', plan: parseGroupPlans(item.plan) }))
  return {
    source: readString(value, 'source') ?? '',
    mode: readString(value, 'mode') ?? '',
    groups: value.groups.filter((group): group is string => typeof group === 'string'),
    providers,
    custom,
  }
}

/** The plan of the chosen target: a provider's, or a custom endpoint's of that protocol. */
export function planFor(plans: EndpointPlans | undefined, providerId: string | undefined, customProtocol: string): GroupPlan[] | undefined {
  if (plans === undefined) return undefined
  if (providerId !== undefined) return plans.providers.find((provider) => provider.id === providerId)?.plan
  return plans.custom.find((entry) => entry.protocol === customProtocol)?.plan
}
