import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { LOCAL_EDGE_CREDENTIALS } from '../../local/credentials'
import { type BedrockEmulator, startBedrockEmulator } from '../../local/emulators/bedrock'
import { BEDROCK_ENDPOINTS } from '../../local/emulators/bedrock/server'
import { NOVA_MICRO_PROFILES } from '../../shared/models'
import type { Region } from '../../shared/regions'
import { scoringToolSchema, WRITING_CRITERIA } from '../../worker/scoring/criteria'
import { converseBody, TOOL } from '../node/local/bedrock-support'
import { accepts, endpoint, everyEndpointCovered, refuses } from './support/endpoints'

/**
 * Converse, as the AWS SDK's BedrockRuntimeClient sends it with its default request handler
 * (HTTP/2), configured with nothing but the emulator's endpoint and trust root. The
 * request is the worker's own scoring request; the answer must satisfy the worker's schema.
 */

let emulator: BedrockEmulator
const clients: BedrockRuntimeClient[] = []

beforeAll(async () => {
  emulator = await startBedrockEmulator({ credentials: LOCAL_EDGE_CREDENTIALS })
})
afterEach(() => fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' }))
afterAll(async () => {
  for (const client of clients) client.destroy()
  await emulator.stop()
})

function client(
  region: Region,
  options: {
    credentials?: { accessKeyId: string; secretAccessKey: string }
    maxAttempts?: number
  } = {},
) {
  const made = new BedrockRuntimeClient({
    region,
    endpoint: emulator.secureEndpoints[region],
    credentials: options.credentials ?? LOCAL_EDGE_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
    // The default handler, given the trust root: what `requestHandler` options are for.
    requestHandler: { nodeHttp2ConnectOptions: { ca: emulator.caPem } },
  })
  clients.push(made)
  return made
}

const scoringRequest = (region: Region, modelId = NOVA_MICRO_PROFILES[region]) =>
  ({ modelId, ...converseBody() }) as unknown as ConverseCommandInput

async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata: { httpStatusCode?: number; attempts?: number } }
  expect(error, 'the SDK call should have been refused').not.toBeNull()
  return {
    name: error.name,
    status: error.$metadata.httpStatusCode,
    attempts: error.$metadata.attempts,
    message: error.message,
  }
}

const callsIn = async (region: Region) =>
  (
    (await (await fetch(`${emulator.url}/_emulator/calls`)).json()) as {
      byRegion: Record<Region, number>
    }
  ).byRegion[region]

endpoint(BEDROCK_ENDPOINTS.converse, () => {
  accepts("the worker's forced tool call, answered in Converse's shape", async () => {
    const reply = await client('eu-west-1').send(new ConverseCommand(scoringRequest('eu-west-1')))
    expect(reply.$metadata.httpStatusCode).toBe(200)
    expect(reply.stopReason).toBe('tool_use')
    const toolUse = reply.output?.message?.content?.find((block) => block.toolUse)?.toolUse
    expect(toolUse?.name).toBe(TOOL)
    expect(scoringToolSchema(WRITING_CRITERIA[2]).safeParse(toolUse?.input).success).toBe(true)
    expect(reply.usage?.totalTokens).toBe(
      (reply.usage?.inputTokens ?? 0) + (reply.usage?.outputTokens ?? 0),
    )
  })

  accepts('each region at its own endpoint and profile (us., eu., apac.)', async () => {
    for (const region of ['us-east-1', 'ap-southeast-1'] as const) {
      const reply = await client(region).send(new ConverseCommand(scoringRequest(region)))
      expect(reply.stopReason).toBe('tool_use')
    }
  })

  refuses('a request signed with the wrong secret: 403 InvalidSignatureException', async () => {
    const wrong = { ...LOCAL_EDGE_CREDENTIALS, secretAccessKey: 'not-the-edge-secret' }
    expect(
      await refusal(
        client('us-east-1', { credentials: wrong }).send(
          new ConverseCommand(scoringRequest('us-east-1')),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidSignatureException',
      status: 403,
      message: expect.stringMatching(/^The request signature we calculated does not match/),
    })
  })

  refuses('an unknown access key: 403 UnrecognizedClientException', async () => {
    const stranger = { ...LOCAL_EDGE_CREDENTIALS, accessKeyId: 'AKIDSTRANGER00000000' }
    expect(
      await refusal(
        client('us-east-1', { credentials: stranger }).send(
          new ConverseCommand(scoringRequest('us-east-1')),
        ),
      ),
    ).toMatchObject({ name: 'UnrecognizedClientException', status: 403 })
  })

  refuses("another region's inference profile: 400 ValidationException", async () => {
    const request = scoringRequest('us-east-1', NOVA_MICRO_PROFILES['eu-west-1'])
    expect(await refusal(client('us-east-1').send(new ConverseCommand(request)))).toMatchObject({
      name: 'ValidationException',
      status: 400,
      attempts: 1,
    })
  })

  refuses('while throttled: 429 ThrottlingException, retried by the SDK', async () => {
    await fetch(`${emulator.url}/_emulator/faults/ap-southeast-1`, {
      method: 'PUT',
      body: JSON.stringify({ fault: 'throttle' }),
    })
    const call = client('ap-southeast-1', { maxAttempts: 2 }).send(
      new ConverseCommand(scoringRequest('ap-southeast-1')),
    )
    expect(await refusal(call)).toMatchObject({
      name: 'ThrottlingException',
      status: 429,
      attempts: 2,
    })
    expect(await callsIn('ap-southeast-1')).toBe(2)
  })

  refuses('a model error: 424 ModelErrorException', async () => {
    await fetch(`${emulator.url}/_emulator/faults/us-east-1`, {
      method: 'PUT',
      body: JSON.stringify({ fault: 'model-error' }),
    })
    expect(
      await refusal(client('us-east-1').send(new ConverseCommand(scoringRequest('us-east-1')))),
    ).toMatchObject({ name: 'ModelErrorException', status: 424 })
  })
})

everyEndpointCovered(Object.values(BEDROCK_ENDPOINTS))
