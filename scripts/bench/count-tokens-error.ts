/**
 * How far the bridge's local token counts are from a real tokenizer's, over a corpus of requests:
 * Claude Code's recorded request (whole and by part: system prompt, tools, messages) and
 * synthetic requests built from this repository's files (prose, code, JSON tool results, long
 * system prompts, many tools, images, CJK and Cyrillic text).
 *
 * (a) OpenAI-family targets: the local count is o200k_base itself, exact for every text; shown
 *     beside it, the error the earlier 4-characters-a-token heuristic and the cheap per-kind estimate
 *     would have against the same o200k count.
 * (b) Other families: the reference is a Llama 3 tokenizer (llama3-tokenizer-js, the family's
 *     real BPE), standing in for the upstream's reported input tokens. The estimate is measured
 *     uncalibrated, and calibrated the way the bridge would be after serving the corpus's other
 *     requests of the same kind of traffic (agent, code, prose, tool results, CJK) as chat: each
 *     request counted with the factor those taught.
 *
 * Both sides share the fixed per-message overheads and image costs, so the errors are those of
 * the texts' counts. Relative error = |local − reference| / reference.
 *
 *   bun scripts/bench/count-tokens-error.ts
 */
import { Glob } from 'bun'
import { join, resolve } from 'node:path'
import llama3Tokenizer from 'llama3-tokenizer-js'
import { Tiktoken } from 'js-tiktoken/lite'
import o200k from 'js-tiktoken/ranks/o200k_base'
import type { ChatRequest, ContentPart } from '../../src/core/model/index.ts'
import { WarningSink } from '../../src/core/model/index.ts'
import { anthropicCodec } from '../../src/core/protocols/anthropic/index.ts'
import { TokenCalibration } from '../../src/core/tokens/calibrate-tokens.ts'
import { estimateTextTokens } from '../../src/core/tokens/estimate-text-tokens.ts'
import { countRequestTokens, type TextCounter } from '../../src/core/tokens/estimate-tokens.ts'

const ROOT = resolve(import.meta.dir, '../..')

/** `kind`: the traffic it stands for; calibration learns from requests of the same kind. */
type Named = { name: string; kind: string; request: ChatRequest }

function userRequest(name: string, kind: string, parts: ContentPart[], extra: Partial<ChatRequest> = {}): Named {
  return { name, kind, request: { model: 'm', system: [], tools: [], stream: false, messages: [{ role: 'user', content: parts }], ...extra } }
}

async function readText(path: string): Promise<string> {
  return Bun.file(join(ROOT, path)).text()
}

async function corpus(): Promise<Named[]> {
  const recorded = await Bun.file(join(ROOT, 'test/fixtures/claude-code/request-2.1.332-say-hi.json')).json() as Record<string, unknown>
  const claudeCode = anthropicCodec.decodeRequest(recorded, { group: 'count_tokens' }, new WarningSink())
  const named: Named[] = [
    { name: 'claude-code whole request', kind: 'agent', request: claudeCode },
    { name: 'claude-code system only', kind: 'agent', request: { ...claudeCode, tools: [], messages: [] } },
    { name: 'claude-code tools only', kind: 'agent', request: { ...claudeCode, system: [], messages: [] } },
    { name: 'claude-code messages only', kind: 'agent', request: { ...claudeCode, system: [], tools: [] } },
  ]
  for (let count = 3; count <= claudeCode.tools.length; count += 6) {
    named.push({ name: `claude-code first ${count} tools`, kind: 'agent', request: { ...claudeCode, system: [], tools: claudeCode.tools.slice(0, count), messages: [] } })
  }
  const sources = ['src/proxy/*.ts', 'src/core/tokens/*.ts', 'src/core/protocols/anthropic/*.ts'].flatMap((glob) => [...new Glob(glob).scanSync(ROOT)].sort().slice(0, 8))
  for (const path of sources) named.push(userRequest(`code ${path}`, 'code', [{ type: 'text', text: `Review this file:\n${await readText(path)}` }]))
  for (const path of ['docs/architecture.md', 'docs/translation.md', 'docs/security.md', 'docs/operations.md', 'docs/performance.md']) {
    const text = await readText(path)
    named.push(userRequest(`prose ${path}`, 'prose', [{ type: 'text', text }]))
    named.push(userRequest(`long system prompt ${path}`, 'prose', [{ type: 'text', text: 'Summarise the instructions.' }], { system: [{ type: 'text', text: text.repeat(3) }] }))
  }
  const jsonFixtures = ['test/fixtures/*/*.json', 'test/fixtures/*/*.chunks.txt'].flatMap((glob) => [...new Glob(glob).scanSync(ROOT)].sort().filter((_, index) => index % 4 === 0))
  for (const path of jsonFixtures) {
    named.push({ name: `tool result ${path}`, kind: 'tool results', request: { model: 'm', system: [], tools: claudeCode.tools.slice(0, 4), stream: false, messages: [
      { role: 'user', content: [{ type: 'text', text: 'Fetch the fixture.' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'Read', arguments: JSON.stringify({ file_path: path }) }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: await readText(path) }] }] },
    ] } })
  }
  const chinese = '我们需要在桥接服务中统计输入的令牌数量，包括系统提示、工具定义和图片。请确保估计值不会低于实际值。'
  const japanese = 'ブリッジはシステムプロンプト、ツール、画像を含むリクエスト全体のトークン数を数えます。'
  const russian = 'Мост считает токены всего запроса: системную подсказку, инструменты и изображения.'
  named.push(userRequest('chinese prose', 'cjk', [{ type: 'text', text: chinese.repeat(30) }]))
  named.push(userRequest('japanese prose', 'cjk', [{ type: 'text', text: japanese.repeat(30) }]))
  named.push(userRequest('mixed chinese and code', 'cjk', [{ type: 'text', text: `${chinese}\n${await readText('src/core/tokens/estimate-tokens.ts')}` }]))
  named.push(userRequest('chinese question over japanese notes', 'cjk', [{ type: 'text', text: `${japanese.repeat(5)}\n${chinese.repeat(3)}` }]))
  named.push(userRequest('russian prose', 'other scripts', [{ type: 'text', text: russian.repeat(30) }]))
  const image = { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } } as const
  named.push(userRequest('three images and a question', 'agent', [image, image, image, { type: 'text', text: 'What differs between these screenshots?' }]))
  return named
}

type Stats = { mean: number; max: number; worst: string }

function stats(errors: Array<[string, number]>): Stats {
  let worst: [string, number] = ['', 0]
  let sum = 0
  for (const entry of errors) {
    sum += entry[1]
    if (entry[1] >= worst[1]) worst = entry
  }
  return { mean: sum / errors.length, max: worst[1], worst: worst[0] }
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`

function report(label: string, errors: Array<[string, number]>): void {
  const { mean, max, worst } = stats(errors)
  console.log(`${label.padEnd(44)} mean ${percent(mean).padStart(7)}   max ${percent(max).padStart(7)}  (${worst})`)
}

const requests = await corpus()
const tiktoken = new Tiktoken(o200k)
const o200kCount: TextCounter = (text) => (text === '' ? 0 : tiktoken.encode(text, [], []).length)
const llamaCount: TextCounter = (text) => (text === '' ? 0 : llama3Tokenizer.encode(text, { bos: false, eos: false }).length)
const quarterCount: TextCounter = (text) => Math.ceil(text.length / 4)
const error = (local: number, reference: number) => Math.abs(local - reference) / reference

console.log(`${requests.length} requests, ${requests.reduce((sum, { request }) => sum + countRequestTokens(request, o200kCount), 0).toLocaleString('en')} o200k tokens in all\n`)
console.log('(a) OpenAI-family targets, against the exact o200k_base count')
const openai = requests.map(({ name, request }) => ({ name, reference: countRequestTokens(request, o200kCount), request }))
report('  local count (o200k_base)', openai.map(({ name, reference, request }) => [name, error(countRequestTokens(request, o200kCount), reference)]))
report('  earlier heuristic (4 characters a token)', openai.map(({ name, reference, request }) => [name, error(countRequestTokens(request, quarterCount), reference)]))
report('  per-kind estimate, uncalibrated', openai.map(({ name, reference, request }) => [name, error(countRequestTokens(request, estimateTextTokens), reference)]))

console.log('\n(b) other families, against a Llama 3 tokenizer (llama3-tokenizer-js)')
const heuristic: Array<[string, number]> = []
const uncalibrated: Array<[string, number]> = []
const calibrated: Array<[string, number]> = []
let under = 0
let worstUnder = 0
for (const [index, { name, kind, request }] of requests.entries()) {
  const reference = countRequestTokens(request, llamaCount)
  const estimate = countRequestTokens(request, estimateTextTokens)
  heuristic.push([name, error(countRequestTokens(request, quarterCount), reference)])
  uncalibrated.push([name, error(estimate, reference)])
  if (estimate < reference) under++
  worstUnder = Math.max(worstUnder, (reference - estimate) / reference)
  // Calibrated as the bridge would be after the other requests of the same kind of traffic
  // went through it as chat (their estimate beside the count the upstream reported).
  const calibration = new TokenCalibration()
  for (const [other, peer] of requests.entries()) {
    if (other !== index && peer.kind === kind) calibration.record('model', countRequestTokens(peer.request, estimateTextTokens), countRequestTokens(peer.request, llamaCount))
  }
  calibrated.push([name, error(calibration.apply('model', estimate), reference)])
}
report('  earlier heuristic (4 characters a token)', heuristic)
report('  per-kind estimate, uncalibrated', uncalibrated)
report('  per-kind estimate, calibrated', calibrated)
console.log(`  uncalibrated estimates under the reference: ${under} of ${requests.length}, by ${percent(worstUnder)} at most`)
if (process.argv.includes('--each')) {
  for (const { name, request } of requests) {
    const reference = countRequestTokens(request, llamaCount)
    const estimate = countRequestTokens(request, estimateTextTokens)
    console.log(`${((estimate - reference) / reference * 100).toFixed(1).padStart(6)} %  ${reference.toString().padStart(7)}  ${name}`)
  }
}
