/**
 * The data directory: server secret, token key ring and admin key, created at first start.
 *
 *   <dir>/secret.key     32 bytes: the server secret, key id 1 of the ring (or LLM_BRIDGE_SECRET)
 *   <dir>/keys/<n>.key   further ring keys, n = 2…65535; the highest id seals new URLs
 *   <dir>/admin.key      the admin key for LAN access, printed once when it is created
 *
 *   <dir>/keys/retired   key ids no longer accepted, one per line (written by rotate-key)
 *
 * Rotation: `llm-bridge rotate-key` (rotate-key.ts) adds the next keys/<n>.key and, with
 * --retire-old, lists every older id in keys/retired; a restart applies it. Old URLs keep working
 * until their key is retired. Key 1 stays on disk even when retired: secret.key is also the
 * server secret other keys are derived from, so only its use for URL tokens ends.
 *
 * A secret file readable by group or others is refused rather than silently fixed: it may
 * already have been read, and the operator should know (the message gives the chmod command).
 */
import { randomBytes } from 'node:crypto'
import { chmod, link, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { encodeBase64Url } from './core/url-token/base64url.ts'
import type { KeyRing } from './core/url-token/key-ring.ts'

export type DataDir = { keyRing: KeyRing; serverSecret: Uint8Array; adminKey: string; dataDir: string }

const SECRET_BYTES = 32
const KEY_FILE = /^([0-9]+)\.key$/

export async function openDataDir(dir: string, env: Record<string, string | undefined>, say: (line: string) => void): Promise<DataDir> {
  const dataDir = resolve(dir)
  if ((await mkdir(dataDir, { recursive: true, mode: 0o700 })) !== undefined) await chmod(dataDir, 0o700)
  const serverSecret = await loadServerSecret(dataDir, env, say)
  const keys = new Map<number, Uint8Array>([[1, serverSecret], ...(await loadExtraKeys(join(dataDir, 'keys')))])
  for (const id of await readRetiredKeyIds(join(dataDir, 'keys'))) keys.delete(id)
  if (keys.size === 0) throw new Error(`Every key in ${join(dataDir, 'keys')} is retired: run llm-bridge rotate-key to add one`)
  const keyRing: KeyRing = { current: Math.max(...keys.keys()), keys }
  const adminKey = await loadAdminKey(join(dataDir, 'admin.key'), say)
  return { keyRing, serverSecret, adminKey, dataDir }
}

async function loadServerSecret(dataDir: string, env: Record<string, string | undefined>, say: (line: string) => void): Promise<Uint8Array> {
  const fromEnv = env.LLM_BRIDGE_SECRET
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const secret = decodeSecretText(fromEnv)
    if (!secret) throw new Error('LLM_BRIDGE_SECRET must be 32 bytes written as hex (64 characters), base64 or base64url')
    return secret
  }
  const path = join(dataDir, 'secret.key')
  if (await createExclusive(path, randomBytes(SECRET_BYTES))) {
    say(`Generated the server secret in ${path} (keep it private: it decrypts every proxy URL)`)
  }
  return readSecretFile(path)
}

export const RETIRED_KEYS_FILE = 'retired'

/** keys/retired: one key id per line; blank lines and `#` comments are skipped. */
export async function readRetiredKeyIds(keysDir: string): Promise<number[]> {
  const path = join(keysDir, RETIRED_KEYS_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw new Error(`Cannot read ${path} (${errorCode(error) ?? 'unknown error'})`)
  }
  const lines = text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line !== '')
  return lines.map((line) => {
    const id = /^[0-9]+$/.test(line) ? Number(line) : Number.NaN
    if (!Number.isInteger(id) || id < 1 || id > 0xffff) throw new Error(`${path} must list key ids (1 to 65535), one per line; found "${line.slice(0, 20)}"`)
    return id
  })
}

/** Ids of the keys/<n>.key files present (retired or not). */
export async function listKeyFileIds(keysDir: string): Promise<number[]> {
  try {
    return (await readdir(keysDir)).flatMap((name) => {
      const match = KEY_FILE.exec(name)
      return match ? [Number(match[1])] : []
    })
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw error
  }
}

async function loadExtraKeys(keysDir: string): Promise<[number, Uint8Array][]> {
  let names: string[]
  try {
    names = await readdir(keysDir)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw new Error(`Cannot read the key directory ${keysDir} (${errorCode(error) ?? 'unknown error'})`)
  }
  const keys: [number, Uint8Array][] = []
  for (const name of names.sort()) {
    const match = KEY_FILE.exec(name)
    if (!match) continue
    const id = Number(match[1])
    if (id < 2 || id > 0xffff) throw new Error(`Key file ${join(keysDir, name)} must be named 2.key to 65535.key (key 1 is secret.key)`)
    keys.push([id, await readSecretFile(join(keysDir, name))])
  }
  return keys
}

async function loadAdminKey(path: string, say: (line: string) => void): Promise<string> {
  const generated = `lba_${encodeBase64Url(randomBytes(32))}`
  if (await createExclusive(path, new TextEncoder().encode(`${generated}\n`))) {
    // The one place a secret is printed: the operator needs it to open the console over the LAN.
    say(`Admin key (printed only now; also stored in ${path}): ${generated}`)
  }
  const key = new TextDecoder().decode(await readPrivateFile(path)).trim()
  if (key.length < 16 || /\s/.test(key)) throw new Error(`${path} must hold one admin key of at least 16 characters`)
  return key
}

/** A key file holds 32 raw bytes, or their hex/base64 text (handy when written by hand). */
async function readSecretFile(path: string): Promise<Uint8Array> {
  const bytes = await readPrivateFile(path)
  const secret = bytes.length === SECRET_BYTES ? bytes : decodeSecretText(new TextDecoder().decode(bytes))
  if (!secret) throw new Error(`${path} must hold exactly 32 bytes (raw, or as hex or base64 text); it holds ${bytes.length}`)
  return secret
}

async function readPrivateFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path)
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0')
      throw new Error(`${path} is readable by other users (mode ${mode}); run: chmod 600 ${path}`)
    }
    return new Uint8Array(await readFile(path))
  } catch (error) {
    if (errorCode(error) === undefined) throw error
    throw new Error(`Cannot read ${path} (${errorCode(error)})`)
  }
}

/** hex (64 chars), base64 or base64url (43/44 chars) of exactly 32 bytes; undefined otherwise. */
export function decodeSecretText(text: string): Uint8Array | undefined {
  const value = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Uint8Array.from(value.match(/../g) ?? [], (pair) => parseInt(pair, 16))
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return undefined
  const bytes = Uint8Array.from(Buffer.from(value.replaceAll('-', '+').replaceAll('_', '/'), 'base64'))
  return bytes.length === SECRET_BYTES ? bytes : undefined
}

/**
 * Writes a new file atomically with mode 0600: a private temp file, then link() to the final name,
 * which fails instead of overwriting when another process got there first. Returns false then.
 */
export async function createExclusive(path: string, content: Uint8Array): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temp, 'wx', 0o600)
  try {
    await handle.chmod(0o600) // open's mode is filtered by the umask
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await link(temp, path)
    return true
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  } finally {
    await unlink(temp).catch(() => undefined)
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
