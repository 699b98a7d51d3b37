/**
 * /metrics and DNS rebinding. On a loopback bind /metrics needs no key, so a page on a name the
 * attacker controls (rebound to 127.0.0.1) could read it: there it answers only the server's own
 * names (loopback names and the --public-url host), like the console and the API. On a LAN bind
 * the admin key guards it, which no rebinding page has, and a scraper may use any name.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { rawHttp, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

let loopback: SecurityBridge
let lan: SecurityBridge

beforeAll(async () => {
  loopback = await startSecurityBridge()
  lan = await startSecurityBridge({ host: '0.0.0.0' })
})

afterAll(async () => {
  await loopback.stop()
  await lan.stop()
})

const scrape = (port: number, host: string, extra = ''): Promise<{ status: number; body: string; headers: Headers }> =>
  rawHttp(port, `GET /metrics HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`)

describe('/metrics on a loopback bind answers only the server’s own names', () => {
  test('a foreign Host → 403 FORBIDDEN in the JSON envelope, no metric in it', async () => {
    const answer = await scrape(loopback.port, `rebind.attacker.example:${loopback.port}`)
    expect(answer.status).toBe(403)
    expect(answer.headers.get('x-request-id')).not.toBeNull()
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'FORBIDDEN' })
    expect(answer.body).not.toContain('llm_bridge_')
  })

  test('loopback names and the --public-url host are served', async () => {
    for (const host of [`127.0.0.1:${loopback.port}`, `localhost:${loopback.port}`, `[::1]:${loopback.port}`]) {
      const answer = await scrape(loopback.port, host)
      expect({ host, status: answer.status }).toEqual({ host, status: 200 })
      expect(answer.body).toContain('llm_bridge_')
    }
    loopback.config.publicUrl = 'https://bridge.home.example'
    try {
      expect((await scrape(loopback.port, 'bridge.home.example')).status).toBe(200)
    } finally {
      loopback.config.publicUrl = loopback.url
    }
  })
})

describe('/metrics on a LAN bind', () => {
  test('any name with the admin key: the key is the guard there', async () => {
    const answer = await scrape(lan.port, `scraper-name.lan:${lan.port}`, `Authorization: Bearer ${lan.data.adminKey}\r\n`)
    expect(answer.status).toBe(200)
    expect(answer.body).toContain('llm_bridge_')
  })

  test('a foreign Host without the key is still refused', async () => {
    expect((await scrape(lan.port, `rebind.attacker.example:${lan.port}`)).status).toBe(401)
  })
})
