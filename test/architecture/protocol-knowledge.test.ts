/**
 * Everything protocol-specific is a member of the codec (src/core/protocols/codec.ts): outside a
 * protocol's own folder and the registry, no source file names a protocol to decide behaviour.
 * A new protocol is then one folder plus one registry line (docs/adding-a-protocol.md), and the
 * proxy, the guards, the log and the HTTP layer work with it unchanged.
 */
import { describe, expect, test } from 'bun:test'
import { Glob } from 'bun'
import { join, relative, resolve } from 'node:path'
import { PROTOCOL_IDS } from '../../src/core/model/protocol-id.ts'

const ROOT = resolve(import.meta.dir, '../..')
const SRC = join(ROOT, 'src')

/** Files that name protocols as data, not to decide behaviour; each with its reason. */
const ALLOWED: Record<string, string> = {
  'src/core/model/protocol-id.ts': 'the list of protocol ids itself',
  'src/core/protocols/index.ts': 'the registry: protocol id → codec',
  'src/core/url-token/compact-config.ts': 'the token format: one letter per protocol id in the sealed config',
  'src/core/patches/openai-chat-request-patches.ts': 'data: each patch is tagged with the wire format it edits',
  'src/core/patches/anthropic-request-patches.ts': 'data: each patch is tagged with the wire format it edits',
  'src/upstream/auth/sign-aws-sigv4.ts': "'bedrock' there is the AWS signing service name, not the protocol",
}

/** Folders of data that name protocols, with the reason. */
const ALLOWED_FOLDERS: Record<string, string> = {
  'src/core/catalog/presets/': 'catalog data: each preset names the protocol its provider speaks',
}

/** A protocol folder: src/core/protocols/<id>/… */
function isProtocolFolder(path: string): boolean {
  return PROTOCOL_IDS.some((id) => path.startsWith(`src/core/protocols/${id}/`))
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

const ids = PROTOCOL_IDS.map((id) => id.replace('-', '\\-')).join('|')
/** A protocol id as a string literal, a protocol's extension slot, or an import of one codec's files. */
const NAMES_A_PROTOCOL = new RegExp(
  `(['"\`](${ids})['"\`])|(\\bextensions\\??\\.(${PROTOCOL_IDS.filter((id) => !id.includes('-')).join('|')})\\b)|(protocols/(${ids})/)`,
)

/** Lines of `source` that name a protocol, as `line: text`. */
export function protocolMentions(source: string): string[] {
  const found: string[] = []
  withoutComments(source).split('\n').forEach((line, index) => {
    if (NAMES_A_PROTOCOL.test(line)) found.push(`${index + 1}: ${line.trim()}`)
  })
  return found
}

describe('protocol knowledge lives in the codecs', () => {
  const files = [...new Glob('**/*.ts').scanSync(SRC)].map((path) => relative(ROOT, join(SRC, path)))

  test('finds the sources (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(150)
    expect(files).toContain('src/proxy/decide-route.ts')
  })

  test('outside src/core/protocols/<id>/ and the registry, no source names a protocol', async () => {
    const violations: string[] = []
    for (const file of files) {
      if (isProtocolFolder(file) || file in ALLOWED || Object.keys(ALLOWED_FOLDERS).some((folder) => file.startsWith(folder))) continue
      for (const mention of protocolMentions(await Bun.file(join(ROOT, file)).text())) violations.push(`${file}:${mention}`)
    }
    expect(violations).toEqual([])
  })

  test('every allowed file still exists (the allowlist does not rot)', async () => {
    for (const file of Object.keys(ALLOWED)) expect(await Bun.file(join(ROOT, file)).exists()).toBe(true)
    for (const folder of Object.keys(ALLOWED_FOLDERS)) expect(files.some((file) => file.startsWith(folder))).toBe(true)
  })
})

describe('the check itself', () => {
  test('flags a switch on a protocol id, an extension slot and an import of one codec', () => {
    expect(protocolMentions("if (protocol === 'gemini') return")).toHaveLength(1)
    expect(protocolMentions("case 'openai-responses':")).toHaveLength(1)
    expect(protocolMentions('const tools = request.extensions?.anthropic?.serverTools')).toHaveLength(1)
    expect(protocolMentions("import { wantsStreamUsage } from '../core/protocols/openai/encode-stream.ts'")).toHaveLength(1)
  })

  test('passes code that asks the codec, and comments that name a protocol', () => {
    expect(protocolMentions('const keepalive = codec.stream.keepalive // Anthropic ping, SSE comment')).toEqual([])
    expect(protocolMentions("/** Gemini's JSON array */\nif (codec.stream.framing !== 'sse') return bytes")).toEqual([])
  })
})
