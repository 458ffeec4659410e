import { createSecureServer } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { REGIONS, type Region } from '../../../shared/regions'
import type { Emulator, EmulatorFactory } from '../index'
import { localTls } from '../tls'
import { createEmulatorApp, type EmulatorSettings, type EmulatorState } from './server'

export type BedrockEmulatorOptions = Partial<Omit<EmulatorSettings, 'credentials'>> & {
  credentials: EmulatorSettings['credentials']
  port?: number
}

export type BedrockEmulator = {
  /** The server's base URL; the admin API is under `/_emulator`. */
  url: string
  /** What each region's `BEDROCK_URL_*` points at. */
  endpoints: Record<Region, string>
  /**
   * The same endpoints over TLS (HTTP/2 and HTTP/1.1), for clients such as the AWS SDK,
   * whose default handler speaks HTTP/2 only; their trust root is `caPem`.
   */
  secureEndpoints: Record<Region, string>
  caPem: string
  state: EmulatorState
  stop(): Promise<void>
}

/**
 * Starts the local Bedrock Converse emulator on loopback: one server for the three regions
 * (`/<region>/model/<id>/converse`), checking SigV4 for service `bedrock` with the edge
 * credentials and answering with the heuristic examiner.
 *
 * @example
 * const bedrock = await startBedrockEmulator({ credentials: LOCAL_EDGE_CREDENTIALS })
 * bedrock.endpoints['eu-west-1'] // 'http://127.0.0.1:41234/eu-west-1'
 */
export async function startBedrockEmulator(
  options: BedrockEmulatorOptions,
): Promise<BedrockEmulator> {
  const state: EmulatorState = { calls: [], faults: new Map() }
  const app = createEmulatorApp(
    {
      credentials: options.credentials,
      latencyMs: options.latencyMs ?? 0,
      timeoutHoldMs: options.timeoutHoldMs ?? 30_000,
      now: options.now,
    },
    state,
  )
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () =>
      resolve(s),
    )
  })
  const tls = await localTls()
  const secure = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: 0,
        hostname: '127.0.0.1',
        createServer: createSecureServer,
        serverOptions: { key: tls.keyPem, cert: tls.certPem, allowHTTP1: true },
      },
      () => resolve(s),
    )
  })
  // HTTP/2 clients keep their sessions open; close() would wait for them.
  const sessions = new Set<{ destroy(): void }>()
  secure.on('session', (session: { destroy(): void; on(e: 'close', f: () => void): void }) => {
    sessions.add(session)
    session.on('close', () => sessions.delete(session))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`
  const perRegion = (base: string) =>
    Object.fromEntries(REGIONS.map((r) => [r, `${base}/${r}`])) as Record<Region, string>
  const close = (s: ReturnType<typeof serve>) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve())
      ;(s as { closeAllConnections?: () => void }).closeAllConnections?.()
    })
  return {
    url,
    endpoints: perRegion(url),
    secureEndpoints: perRegion(secureUrl),
    caPem: tls.caPem,
    state,
    stop: async () => {
      const closing = Promise.all([close(server), close(secure)])
      for (const session of sessions) session.destroy()
      await closing
    },
  }
}

/**
 * The local stack's Bedrock: the worker's `BEDROCK_URL_*` point here. The dev stack (never
 * the tests, whose context has no `dataDir`) uses real Bedrock instead when
 * `BEDROCK_AWS_ACCESS_KEY_ID` and `BEDROCK_AWS_SECRET_ACCESS_KEY` are in its environment.
 */
export const bedrockEmulator: EmulatorFactory = async (context): Promise<Emulator> => {
  const { BEDROCK_AWS_ACCESS_KEY_ID: keyId, BEDROCK_AWS_SECRET_ACCESS_KEY: secret } = process.env
  if (context.dataDir && keyId && secret) {
    return {
      name: 'bedrock',
      vars: { BEDROCK_AWS_ACCESS_KEY_ID: keyId, BEDROCK_AWS_SECRET_ACCESS_KEY: secret },
      urls: { bedrock: 'Amazon Bedrock (BEDROCK_AWS_* credentials)' },
      stop: async () => {},
    }
  }
  const emulator = await startBedrockEmulator({
    credentials: context.edgeCredentials,
    latencyMs: Number(process.env.BEDROCK_EMULATOR_LATENCY_MS ?? 0),
  })
  return {
    name: 'bedrock',
    vars: {
      BEDROCK_URL_US_EAST_1: emulator.endpoints['us-east-1'],
      BEDROCK_URL_EU_WEST_1: emulator.endpoints['eu-west-1'],
      BEDROCK_URL_AP_SOUTHEAST_1: emulator.endpoints['ap-southeast-1'],
      BEDROCK_FORWARD_EMULATOR_HEADERS: 'true',
    },
    urls: { bedrock: emulator.url },
    stop: emulator.stop,
  }
}
