import { env } from 'cloudflare:workers'
import { bedrockEndpoints } from '../../../worker/bedrock/config'
import { ConverseClient } from '../../../worker/bedrock/converse-client'
import { readConfig } from '../../../worker/services/config'

/** The local stack's Bedrock emulator (its admin API is beside the regional endpoints). */
export const emulatorUrl = () => new URL(readConfig(env).bedrock.BEDROCK_URL_US_EAST_1).origin

/** How many Converse calls the emulator received with this tag, per region. */
export async function callsFor(tag: string): Promise<Record<string, number> & { total: number }> {
  const res = await fetch(`${emulatorUrl()}/_emulator/calls?tag=${encodeURIComponent(tag)}`)
  const body = (await res.json()) as { total: number; byRegion: Record<string, number> }
  return { ...body.byRegion, total: body.total }
}

/**
 * A Converse client on the emulator with a fault directive and a unique tag; backoff
 * delays are recorded instead of slept.
 */
export function emulatorClient(options: { fault?: string; attemptTimeoutMs?: number } = {}) {
  const config = readConfig(env).bedrock
  const tag = crypto.randomUUID()
  const sleeps: number[] = []
  const client = new ConverseClient({
    endpoints: bedrockEndpoints(config),
    credentials: {
      accessKeyId: config.EDGE_AWS_ACCESS_KEY_ID,
      secretAccessKey: config.EDGE_AWS_SECRET_ACCESS_KEY,
    },
    attemptTimeoutMs: options.attemptTimeoutMs ?? 10_000,
    testHeaders: {
      'x-emulator-tag': tag,
      ...(options.fault ? { 'x-emulator-fault': options.fault } : {}),
    },
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
  })
  return { client, tag, sleeps }
}
