/**
 * `llm-bridge rotate-key [--data-dir DIR] [--retire-old]`: adds a fresh 32-byte key as the next
 * keys/<n>.key, which seals every URL minted after the next start. Older keys stay in the ring, so
 * the URLs they sealed keep working; --retire-old deletes their files (key 1, secret.key, stays on
 * disk: it is also the server secret) and lists their ids in keys/retired, which ends those URLs.
 *
 * A running server reads the ring at start only: it goes on minting with the old key and, with
 * --retire-old, accepting old URLs until it is restarted. Key ids are never reused.
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { MAX_KEY_ID } from './core/url-token/index.ts'
import { createExclusive, listKeyFileIds, openDataDir, readRetiredKeyIds, RETIRED_KEYS_FILE } from './data-dir.ts'

export type RotateKeyOptions = { dataDir: string; retireOld: boolean }
export type RotateKeyResult = { keyId: number; retired: number[] }

export async function rotateKey(options: RotateKeyOptions, env: Record<string, string | undefined>, say: (line: string) => void): Promise<RotateKeyResult> {
  // Checks the directory as the server would (file modes, key files) and creates it if new.
  const data = await openDataDir(options.dataDir, env, say)
  const keysDir = join(data.dataDir, 'keys')
  if ((await mkdir(keysDir, { recursive: true, mode: 0o700 })) !== undefined) await chmod(keysDir, 0o700)
  const retired = await readRetiredKeyIds(keysDir)
  const used = [1, ...data.keyRing.keys.keys(), ...retired, ...(await listKeyFileIds(keysDir))]
  const keyId = Math.max(...used) + 1
  if (keyId > MAX_KEY_ID) throw new Error(`No key id left (the highest is ${MAX_KEY_ID})`)
  if (!(await createExclusive(join(keysDir, `${keyId}.key`), randomBytes(32)))) {
    throw new Error(`${join(keysDir, `${keyId}.key`)} appeared meanwhile (another rotate-key?); run the command again`)
  }
  say(`Added key ${keyId} (${join(keysDir, `${keyId}.key`)}): URLs minted after the next start are sealed with it`)
  if (!options.retireOld) {
    say(`Kept keys ${[...data.keyRing.keys.keys()].sort((a, b) => a - b).join(', ')}: the URLs they sealed keep working`)
    return { keyId, retired: [] }
  }
  const old = [...data.keyRing.keys.keys()].sort((a, b) => a - b)
  // The list first: were the run to stop between the two steps, a retired key is refused either way.
  await writeRetired(keysDir, [...new Set([...retired, ...old])].sort((a, b) => a - b))
  for (const id of old) if (id !== 1) await unlink(join(keysDir, `${id}.key`)).catch(() => undefined)
  say(`Retired keys ${old.join(', ')}: after the next start every URL they sealed answers 401 INVALID_TOKEN`)
  return { keyId, retired: old }
}

/** Replaced atomically (temp file + rename): a crash leaves the old list or the new one. */
async function writeRetired(keysDir: string, ids: number[]): Promise<void> {
  const path = join(keysDir, RETIRED_KEYS_FILE)
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temp, 'wx', 0o600)
  try {
    await handle.writeFile(`# Key ids no longer accepted (llm-bridge rotate-key --retire-old); one per line\n${ids.join('\n')}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}
