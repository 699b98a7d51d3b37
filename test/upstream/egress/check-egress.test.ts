import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../src/core/errors.ts'
import { checkEgress, type EgressPhase, type EgressPolicy } from '../../../src/upstream/egress/index.ts'

const resolver = (answers: Record<string, string[]>) => async (name: string) => {
  const found = answers[name]
  if (!found) throw new Error('ENOTFOUND')
  return found
}

const policy = (overrides: Partial<EgressPolicy> = {}): EgressPolicy => ({
  allowHosts: [],
  ownPorts: [8787],
  resolve: resolver({ 'api.example.com': ['93.184.216.34'], 'evil.example.com': ['93.184.216.34', '192.168.1.10'], 'lan.example.com': ['10.0.0.5'] }),
  localAddresses: () => ['127.0.0.1', '::1', '192.168.1.50'],
  ...overrides,
})

async function denial(url: string, p: EgressPolicy, phase: EgressPhase): Promise<BridgeError> {
  try {
    await checkEgress(new URL(url), p, phase)
  } catch (error) {
    if (error instanceof BridgeError) return error
    throw error
  }
  throw new Error(`expected ${url} to be denied at ${phase}`)
}

const PHASES: [EgressPhase, number][] = [['mint', 400], ['use', 403]]

describe('checkEgress', () => {
  test('allows a public name and returns the checked addresses', async () => {
    expect(await checkEgress(new URL('https://api.example.com/v1'), policy(), 'use')).toEqual({ addresses: ['93.184.216.34'] })
  })

  const loopbackEncodings = [
    'http://127.0.0.1/', 'http://0x7f000001/', 'http://2130706433/', 'http://127.1/', 'http://0177.0.0.1/',
    'http://127.0.0.1./', 'http://[::1]/', 'http://[::ffff:7f00:1]/', 'http://[::ffff:127.0.0.1]/',
    'http://[64:ff9b::7f00:1]/', 'http://[2002:7f00:1::]/', 'http://localhost/', 'http://LOCALHOST./', 'http://app.localhost/',
  ]
  for (const [phase, status] of PHASES) {
    test.each(loopbackEncodings)(`denies the loopback encoding %s at ${phase}`, async (url) => {
      const error = await denial(url, policy(), phase)
      expect(error).toMatchObject({ kind: 'permission', code: 'EGRESS_DENIED', status })
      expect(error.message).toMatch(/loopback address; start llm-bridge with --allow-host \S+:80 \(or LLM_BRIDGE_ALLOW_HOSTS\) to allow it$/)
    })

    test.each([
      'http://169.254.169.254/latest/meta-data/', 'http://0xa9fea9fe/', 'http://[::ffff:a9fe:a9fe]/', 'http://[fd00:ec2::254]/',
      'http://100.100.100.200/', 'http://[fe80::1]/', 'http://0.0.0.0:11434/', 'http://[::]/', 'http://224.0.0.1/', 'http://0/',
    ])(`never allows %s at ${phase}, even with an allow-all entry`, async (url) => {
      const open = policy({ allowHosts: ['0.0.0.0/0', '::/0', new URL(url).host] })
      const error = await denial(url, open, phase)
      expect(error.status).toBe(status)
      expect(error.message).toEndWith('which can never be allowed')
    })
  }

  test('names the exact flag that would allow a loopback host and port', async () => {
    const error = await denial('http://127.0.0.1:11434/v1', policy(), 'use')
    expect(error.message).toBe(
      'Upstream host 127.0.0.1:11434 is a loopback address; start llm-bridge with --allow-host 127.0.0.1:11434 (or LLM_BRIDGE_ALLOW_HOSTS) to allow it',
    )
  })

  test('an allowlisted 127.0.0.1:11434 is accepted while :11435 is not', async () => {
    const p = policy({ allowHosts: ['127.0.0.1:11434'] })
    expect(await checkEgress(new URL('http://127.0.0.1:11434/v1'), p, 'use')).toEqual({ addresses: ['127.0.0.1'] })
    expect(await checkEgress(new URL('http://127.1:11434/v1'), p, 'mint')).toEqual({ addresses: ['127.0.0.1'] })
    expect((await denial('http://127.0.0.1:11435/v1', p, 'use')).message).toContain('--allow-host 127.0.0.1:11435')
  })

  test('a CIDR entry allows every port in its range and nothing outside it', async () => {
    const p = policy({ allowHosts: ['10.0.0.0/24'] })
    expect(await checkEgress(new URL('http://10.0.0.7:1234/'), p, 'use')).toEqual({ addresses: ['10.0.0.7'] })
    expect(await checkEgress(new URL('http://lan.example.com:9000/'), p, 'use')).toEqual({ addresses: ['10.0.0.5'] })
    expect((await denial('http://10.0.1.7/', p, 'use')).message).toContain('private network address; start llm-bridge with --allow-host 10.0.1.7:80')
  })

  test('a host entry allows the name whatever it resolves to', async () => {
    expect((await denial('http://lan.example.com:8080/', policy(), 'use')).code).toBe('EGRESS_DENIED')
    expect(await checkEgress(new URL('http://lan.example.com:8080/'), policy({ allowHosts: ['lan.example.com'] }), 'use')).toEqual({ addresses: ['10.0.0.5'] })
    expect((await denial('http://localhost:11434/', policy(), 'use')).code).toBe('EGRESS_DENIED')
    expect(await checkEgress(new URL('http://localhost:11434/'), policy({ allowHosts: ['localhost:11434'] }), 'use')).toEqual({ addresses: ['127.0.0.1', '::1'] })
  })

  test('the bridge\'s own port is denied even when the host is allowlisted', async () => {
    const p = policy({ allowHosts: ['127.0.0.1', '192.168.1.0/24', 'localhost'] })
    for (const url of ['http://127.0.0.1:8787/', 'http://localhost:8787/', 'http://192.168.1.50:8787/']) {
      expect((await denial(url, p, 'use')).message).toContain('is llm-bridge itself')
    }
    // Another machine on the LAN may run its own bridge on that port.
    await checkEgress(new URL('http://192.168.1.60:8787/'), p, 'use')
  })

  test('a name resolving to a private address is denied, and one private answer among public ones suffices', async () => {
    for (const [phase, status] of PHASES) {
      const error = await denial('https://lan.example.com/v1', policy(), phase)
      expect(error.status).toBe(status)
      expect(error.message).toBe(
        'Upstream host lan.example.com:443 resolves to a private network address; start llm-bridge with --allow-host lan.example.com:443 (or LLM_BRIDGE_ALLOW_HOSTS) to allow it',
      )
      await denial('https://evil.example.com/', policy(), phase)
    }
  })

  test('a name that does not resolve is accepted at mint and is an upstream error at use', async () => {
    expect(await checkEgress(new URL('https://offline.example/v1'), policy(), 'mint')).toEqual({ addresses: [] })
    const error = await denial('https://offline.example/v1', policy(), 'use')
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', status: 502 })
    expect(error.message).toMatch(/could not resolve/i)
  })

  test('a name unresolved at mint is denied at use once it resolves to a denied address', async () => {
    const answers: Record<string, string[]> = {}
    const p = policy({ resolve: resolver(answers) })
    await checkEgress(new URL('https://later.example/'), p, 'mint')
    answers['later.example'] = ['169.254.169.254']
    expect((await denial('https://later.example/', p, 'use')).status).toBe(403)
  })

  test('denies userinfo and non-http schemes without echoing credentials or query', async () => {
    for (const url of ['https://user:s3cret@api.example.com/?key=q1', 'https://api.example.com@127.0.0.1/', 'https://:pw@api.example.com/']) {
      const error = await denial(url, policy(), 'mint')
      expect(error.message).toBe('Upstream URL must not contain a user name or password')
    }
    for (const url of ['ftp://api.example.com/', 'file:///etc/passwd', 'gopher://api.example.com/']) {
      expect((await denial(url, policy(), 'use')).message).toBe('Upstream URL must use http or https')
    }
  })

  test('a resolver answer that is not an address is refused', async () => {
    const p = policy({ resolve: async () => ['garbage'] })
    expect((await denial('https://api.example.com/', p, 'use')).message).toContain('not a valid address')
  })
})
