/**
 * A preset's patches must fit its protocol: a request patch edits one wire format's bodies, and
 * an OpenAI Chat patch named by a Gemini preset would mangle every request. The catalog refuses
 * such a preset when it loads, so the mistake cannot reach a request.
 */
import { patchMismatch } from '../patches/index.ts'
import type { ProviderPreset } from './provider-preset.ts'

export function checkPresetPatches(presets: readonly ProviderPreset[]): void {
  for (const preset of presets) {
    const mismatch = patchMismatch(preset.patches ?? [], preset.protocol)
    if (mismatch !== undefined) throw new Error(`Catalog preset ${preset.id}: ${mismatch}`)
  }
}
