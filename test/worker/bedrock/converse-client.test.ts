import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Region } from '../../../shared/regions'
import { bedrockEndpoints } from '../../../worker/bedrock/config'
import { ConverseClient } from '../../../worker/bedrock/converse-client'
import type { ConverseRequest } from '../../../worker/bedrock/converse-types'
import { BedrockError, ScoringUnavailableError } from '../../../worker/bedrock/errors'
import { readConfig } from '../../../worker/services/config'
import { callsFor, emulatorClient } from './support'

const ORDER: Region[] = ['us-east-1', 'eu-west-1', 'ap-southeast-1']
const REQUEST: ConverseRequest = {
  messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
  inferenceConfig: { maxTokens: 100, temperature: 0 },
}
const soon = () => Date.now() + 20_000

describe('ConverseClient against the Bedrock emulator', () => {
  it('calls Nova Micro through the nearest region’s geo inference profile', async () => {
    const { client, tag } = emulatorClient()
    const reply = await client.converse(REQUEST, {
      regions: ['eu-west-1', ...ORDER],
      deadlineAt: soon(),
    })
    expect(reply).toMatchObject({ region: 'eu-west-1', modelId: 'eu.amazon.nova-micro-v1:0' })
    expect(reply.response.usage.inputTokens).toBeGreaterThan(0)
    expect(await callsFor(tag)).toMatchObject({ total: 1, 'eu-west-1': 1 })
  })

  it('serves from the next region when the nearest throttles, after a jittered backoff', async () => {
    const { client, tag, sleeps } = emulatorClient({ fault: 'us-east-1=throttle' })
    const reply = await client.converse(REQUEST, { regions: ORDER, deadlineAt: soon() })
    expect(reply.region).toBe('eu-west-1')
    expect(reply.modelId).toBe('eu.amazon.nova-micro-v1:0')
    expect(reply.attempts.map((a) => a.outcome)).toEqual(['429:ThrottlingException', 'ok'])
    expect(sleeps).toEqual([50]) // random 0.5 × min(cap, base · 2^0) = 0.5 × 100 ms
    expect(await callsFor(tag)).toMatchObject({
      'us-east-1': 1,
      'eu-west-1': 1,
      'ap-southeast-1': 0,
    })
  })

  it('fails over on 5xx and on a timed-out attempt', async () => {
    const { client } = emulatorClient({
      fault: 'us-east-1=server-error,eu-west-1=timeout',
      attemptTimeoutMs: 300,
    })
    const reply = await client.converse(REQUEST, { regions: ORDER, deadlineAt: soon() })
    expect(reply.region).toBe('ap-southeast-1')
    expect(reply.attempts.map((a) => a.outcome)).toEqual([
      '500:InternalServerException',
      'timeout',
      'ok',
    ])
  })

  it('gives up with 502 ASSESSMENT_UNAVAILABLE when every region fails, each tried once', async () => {
    const { client, tag, sleeps } = emulatorClient({ fault: 'throttle' })
    const error = await client
      .converse(REQUEST, { regions: ORDER, deadlineAt: soon() })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScoringUnavailableError)
    expect(error).toMatchObject({
      status: 502,
      code: 'ASSESSMENT_UNAVAILABLE',
      reason: 'regions_exhausted',
    })
    expect(sleeps).toEqual([50, 100]) // bounded exponential backoff between the three attempts
    expect(await callsFor(tag)).toMatchObject({
      total: 3,
      'us-east-1': 1,
      'eu-west-1': 1,
      'ap-southeast-1': 1,
    })
  })

  it('stops at the overall deadline, cutting the attempt short', async () => {
    const { client, tag } = emulatorClient({ fault: 'timeout', attemptTimeoutMs: 10_000 })
    const error = await client
      .converse(REQUEST, { regions: ORDER, deadlineAt: Date.now() + 400 })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ reason: 'deadline_exceeded' })
    expect((await callsFor(tag)).total).toBe(1)
  })

  it('does not fail over on an error of the request itself (a bad signature)', async () => {
    const config = readConfig(env).bedrock
    const client = new ConverseClient({
      endpoints: bedrockEndpoints(config),
      credentials: {
        accessKeyId: config.EDGE_AWS_ACCESS_KEY_ID,
        secretAccessKey: 'wrong-secret-0000000000000000',
      },
      attemptTimeoutMs: 5_000,
    })
    const error = await client
      .converse(REQUEST, { regions: ORDER, deadlineAt: soon() })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BedrockError)
    expect(error).toMatchObject({ status: 403, type: 'InvalidSignatureException', failover: false })
    expect((error as BedrockError).detail).toMatch(/signature we calculated does not match/)
  })
})
