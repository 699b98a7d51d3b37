/**
 * Answers the bridge gives Bedrock clients itself. Model discovery is Bedrock's control plane:
 * ListFoundationModels reads `modelSummaries`, ListInferenceProfiles (Claude Code's Bedrock mode)
 * reads `inferenceProfileSummaries`; one body carries both, each client reads its own key.
 * count-tokens answers `{"inputTokens": n}`.
 */
import type { LocalAnswers } from '../codec.ts'

function arnOf(kind: 'foundation-model' | 'inference-profile', id: string): string {
  return `arn:aws:bedrock:us-east-1::${kind}/${id}`
}

export const bedrockLocalAnswers: LocalAnswers = {
  countTokens: (inputTokens) => ({ inputTokens }),
  modelList: (ids, ownedBy) => ({
    modelSummaries: ids.map((id) => ({
      modelArn: arnOf('foundation-model', id),
      modelId: id,
      modelName: id,
      providerName: ownedBy,
      inputModalities: ['TEXT'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      inferenceTypesSupported: ['ON_DEMAND'],
      modelLifecycle: { status: 'ACTIVE' },
    })),
    inferenceProfileSummaries: ids.map((id) => ({
      inferenceProfileId: id,
      inferenceProfileName: id,
      inferenceProfileArn: arnOf('inference-profile', id),
      models: [{ modelArn: arnOf('foundation-model', id) }],
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
    })),
  }),
}
