import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { BEDROCK_SIGNING_SERVICE, CONNECT_RETRY_DELAYS_MS } from '../../../worker/nova-sonic/config'
import {
  type ConnectOptions,
  connectStream,
  SonicConnectError,
} from '../../../worker/nova-sonic/connect'
import { fetchConnector } from '../../../worker/nova-sonic/socket'
import { credentials, scriptSession, sessionKey, sessionRecord, sonicConfig } from './support'

function options(key: string, overrides: Partial<ConnectOptions> = {}) {
  const sleeps: number[] = []
  const failures: string[] = []
  const config = sonicConfig()
  const opts: ConnectOptions = {
    endpoint: config.NOVA_SONIC_ENDPOINT,
    modelId: config.NOVA_SONIC_MODEL_ID,
    credentials: credentials(),
    region: config.NOVA_SONIC_REGION,
    service: BEDROCK_SIGNING_SERVICE,
    userAgent: `worker-test session/${key}`,
    connector: fetchConnector(),
    connectTimeoutMs: config.NOVA_SONIC_CONNECT_TIMEOUT_MS,
    retryDelaysMs: CONNECT_RETRY_DELAYS_MS,
    now: () => new Date(),
    // A fake clock for the waits between attempts: record them, do not wait.
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    onAttemptFailed: (attempt, failure, status) => failures.push(`${attempt}:${failure}:${status}`),
    ...overrides,
  }
  return { opts, sleeps, failures }
}

describe('connectStream (against the Nova Sonic emulator)', { timeout: 20_000 }, () => {
  it('uses the production settings: us-east-1, bedrock, nova-2-sonic, 15 s, 1/2/4 s', () => {
    const config = sonicConfig()
    expect(config.NOVA_SONIC_REGION).toBe('us-east-1')
    expect(config.NOVA_SONIC_MODEL_ID).toBe('amazon.nova-2-sonic-v1:0')
    expect(config.NOVA_SONIC_CONNECT_TIMEOUT_MS).toBe(15_000)
    expect(CONNECT_RETRY_DELAYS_MS).toEqual([1000, 2000, 4000])
    expect(config.NOVA_SONIC_ENDPOINT).toBe(env.NOVA_SONIC_EMULATOR_URL)
  })

  it('opens a WebSocket with a presigned URL the emulator accepts', async () => {
    const key = sessionKey('connect-ok')
    const { opts, sleeps } = options(key)
    const opened = await connectStream(opts)
    expect(opened.seedSignature).toMatch(/^[0-9a-f]{64}$/)
    opened.socket.close(1000)
    expect(sleeps).toEqual([])
    expect((await sessionRecord(key)).upgrades).toBe(1)
  })

  it('retries refused connects after 1, 2 and 4 s and succeeds on the fourth attempt', async () => {
    const key = sessionKey('connect-retry')
    await scriptSession(key, { refuseConnects: 3 })
    const { opts, sleeps, failures } = options(key)
    const opened = await connectStream(opts)
    opened.socket.close(1000)
    expect(sleeps).toEqual([1000, 2000, 4000])
    expect(failures).toEqual(['1:REFUSED:503', '2:REFUSED:503', '3:REFUSED:503'])
    const record = await sessionRecord(key)
    expect(record.refused).toBe(3)
    expect(record.upgrades).toBe(4)
  })

  it('gives up after four refused attempts', async () => {
    const key = sessionKey('connect-refused')
    await scriptSession(key, { refuseConnects: 100 })
    const { opts, sleeps } = options(key)
    const error = await connectStream(opts).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SonicConnectError)
    expect(error).toMatchObject({ attempts: 4, failure: 'REFUSED', status: 503 })
    expect(sleeps).toEqual([1000, 2000, 4000])
  })

  it('abandons an attempt that does not complete within the timeout, then retries', async () => {
    const key = sessionKey('connect-hang')
    await scriptSession(key, { hangConnects: 1 })
    const { opts, sleeps, failures } = options(key, { connectTimeoutMs: 500 })
    const opened = await connectStream(opts)
    opened.socket.close(1000)
    expect(failures).toEqual(['1:TIMEOUT:null'])
    expect(sleeps).toEqual([1000])
  })

  it('does not retry a refused signature', async () => {
    const key = sessionKey('connect-forged')
    const { opts, sleeps } = options(key, {
      credentials: { accessKeyId: credentials().accessKeyId, secretAccessKey: 'not-the-secret' },
    })
    const error = await connectStream(opts).catch((e: unknown) => e)
    expect(error).toMatchObject({ attempts: 1, failure: 'REJECTED', status: 403 })
    expect(sleeps).toEqual([])
  })

  it('does not retry an unknown (retired) model', async () => {
    const { opts } = options(sessionKey('connect-v1'), { modelId: 'amazon.nova-sonic-v1:0' })
    await expect(connectStream(opts)).rejects.toMatchObject({ failure: 'REJECTED', status: 400 })
  })
})
