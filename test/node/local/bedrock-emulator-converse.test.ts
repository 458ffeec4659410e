import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_EDGE_CREDENTIALS } from '../../../local/credentials'
import { type BedrockEmulator, bedrockEmulator } from '../../../local/emulators/bedrock'
import { EMULATOR_PREFIX } from '../../../local/emulators/bedrock/examiner'
import type { Region } from '../../../shared/regions'
import { scoringToolSchema, WRITING_CRITERIA } from '../../../worker/scoring/criteria'
import { GOOD_ESSAY } from '../../worker/writing/essays'
import {
  converseBody,
  type SendOptions,
  send as sendTo,
  startEmulator,
  TOOL,
} from './bedrock-support'

let emulator: BedrockEmulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.stop())
afterEach(() => fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' }))

const send = (region: Region, body: unknown, options?: SendOptions) =>
  sendTo(emulator, region, body, options)

type ToolUse = {
  toolUseId: string
  name: string
  input: { criteria: Record<string, { band: number }> }
}
type Answer = {
  output: { message: { role: string; content: { text?: string; toolUse?: ToolUse }[] } }
  stopReason: string
  usage: { inputTokens: number; outputTokens: number; totalTokens: number }
  metrics: { latencyMs: number }
  additionalModelResponseFields: { examiner: string }
}
const toolInput = (answer: Answer) => answer.output.message.content.find((b) => b.toolUse)?.toolUse

describe('Bedrock emulator: Converse answers', () => {
  it("answers in Converse's tool-use format, marked as the local emulator", async () => {
    const res = await send('us-east-1', converseBody())
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const answer = (await res.json()) as Answer
    expect(answer.stopReason).toBe('tool_use')
    expect(answer.output.message.role).toBe('assistant')
    expect(toolInput(answer)).toMatchObject({
      toolUseId: expect.stringMatching(/^tooluse_[\w-]+$/),
      name: TOOL,
    })
    expect(answer.usage.totalTokens).toBe(answer.usage.inputTokens + answer.usage.outputTokens)
    expect(answer.usage.inputTokens).toBeGreaterThan(500)
    expect(answer.metrics.latencyMs).toBeGreaterThanOrEqual(0)
    expect(answer.additionalModelResponseFields).toEqual({ examiner: 'local-emulator' })
  })

  it('gives input that the worker’s own schema accepts, with quotes taken from the answer', async () => {
    const answer = (await (await send('eu-west-1', converseBody())).json()) as Answer
    const input = scoringToolSchema(WRITING_CRITERIA[2]).parse(toolInput(answer)?.input)
    for (const criterion of Object.values(input.criteria)) {
      expect(criterion.justification.startsWith(EMULATOR_PREFIX)).toBe(true)
      for (const quote of criterion.evidence) expect(GOOD_ESSAY).toContain(quote)
    }
    expect(input.corrections.map((c) => c.quote)).toEqual(
      expect.arrayContaining(['a expensive', 'goverment']),
    )
    for (const c of input.corrections) expect(GOOD_ESSAY).toContain(c.quote)
  })

  it('is deterministic: the same request gets the same assessment', async () => {
    const a = (await (await send('ap-southeast-1', converseBody())).json()) as Answer
    const b = (await (await send('ap-southeast-1', converseBody())).json()) as Answer
    expect(toolInput(a)).toEqual(toolInput(b))
  })

  it('scores a fuller answer above a thinner one', async () => {
    const thin = 'Free buses are good. People like buses. Buses are cheap. Cars are bad. '.repeat(5)
    const rich = (await (await send('us-east-1', converseBody())).json()) as Answer
    const poor = (await (await send('us-east-1', converseBody(thin))).json()) as Answer
    const bands = (a: Answer) =>
      Object.values(toolInput(a)?.input.criteria ?? {}).map((c) => c.band)
    const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0)
    expect(sum(bands(rich))).toBeGreaterThan(sum(bands(poor)))
  })
})

describe('Bedrock emulator: request validation', () => {
  const expectValidation = async (res: Response, message: RegExp) => {
    expect(res.status).toBe(400)
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/)
    expect(((await res.json()) as { message: string }).message).toMatch(message)
  }

  it('refuses a model id of another geography', async () => {
    const res = await send('eu-west-1', converseBody(), { modelId: 'us.amazon.nova-micro-v1:0' })
    await expectValidation(res, /model identifier is invalid/)
  })

  it('refuses a tool schema Nova would ignore ($schema or additionalProperties at the top)', async () => {
    const body = converseBody()
    const json = body.toolConfig.tools[0]!.toolSpec.inputSchema.json as Record<string, unknown>
    json.$schema = 'http://json-schema.org/draft-07/schema#'
    await expectValidation(await send('us-east-1', body), /only type, properties and required/)
  })

  it('refuses toolChoice naming an undefined tool and a conversation that does not start with the user', async () => {
    const body = converseBody()
    body.toolConfig.toolChoice = { tool: { name: 'other_tool' } }
    await expectValidation(await send('us-east-1', body), /not defined in toolConfig/)
    const assistantFirst = converseBody(GOOD_ESSAY, {
      messages: [{ role: 'assistant', content: [{ text: 'Hello' }] }],
    })
    await expectValidation(await send('us-east-1', assistantFirst), /must alternate/)
  })

  it('refuses a toolResult that answers no toolUse, and unknown fields', async () => {
    const body = converseBody()
    body.messages.push(
      { role: 'assistant', content: [{ text: 'thinking' }] },
      {
        role: 'user',
        content: [
          {
            toolResult: { toolUseId: 'tooluse_x', content: [{ text: 'e' }], status: 'error' },
          } as never,
        ],
      },
    )
    await expectValidation(await send('us-east-1', body), /must each answer a toolUse/)
    await expectValidation(
      await send('us-east-1', converseBody(GOOD_ESSAY, { temperature: 0 })),
      /validation error/,
    )
  })
})

describe('Bedrock emulator: faults and counters', () => {
  it('throttles, fails and times out as told by a header, in the named region only', async () => {
    const headers = {
      'x-emulator-fault': 'us-east-1=throttle,eu-west-1=server-error',
      'x-emulator-tag': 't1',
    }
    const us = await send('us-east-1', converseBody(), { headers })
    expect(us.status).toBe(429)
    expect(us.headers.get('x-amzn-errortype')).toMatch(/^ThrottlingException:/)
    expect(await us.json()).toEqual({ message: expect.any(String) })
    expect((await send('eu-west-1', converseBody(), { headers })).status).toBe(500)
    expect((await send('ap-southeast-1', converseBody(), { headers })).status).toBe(200)
    const calls = await (await fetch(`${emulator.url}/_emulator/calls?tag=t1`)).json()
    expect(calls).toMatchObject({
      total: 3,
      byRegion: { 'us-east-1': 1, 'eu-west-1': 1, 'ap-southeast-1': 1 },
    })
  })

  it('applies a per-region fault set through the admin route until it is cleared', async () => {
    const put = await fetch(`${emulator.url}/_emulator/faults/ap-southeast-1`, {
      method: 'PUT',
      body: JSON.stringify({ fault: 'unavailable' }),
    })
    expect(put.status).toBe(200)
    expect((await send('ap-southeast-1', converseBody())).status).toBe(503)
    await fetch(`${emulator.url}/_emulator/faults/ap-southeast-1`, { method: 'DELETE' })
    expect((await send('ap-southeast-1', converseBody())).status).toBe(200)
  })

  it('sends schema-breaking input, then valid input once told the errors', async () => {
    const headers = { 'x-emulator-fault': 'malformed' }
    const first = (await (await send('us-east-1', converseBody(), { headers })).json()) as Answer
    const use = toolInput(first)
    const schema = scoringToolSchema(WRITING_CRITERIA[2])
    expect(schema.safeParse(use?.input).success).toBe(false)
    const repair = converseBody()
    repair.messages.push(first.output.message as never, {
      role: 'user',
      content: [
        {
          toolResult: {
            toolUseId: use?.toolUseId,
            content: [{ text: 'band: invalid' }],
            status: 'error',
          },
        } as never,
      ],
    })
    const second = (await (await send('us-east-1', repair, { headers })).json()) as Answer
    expect(schema.safeParse(toolInput(second)?.input).success).toBe(true)
  })

  it('holds a timed-out request until the caller gives up', async () => {
    const headers = { 'x-emulator-fault': 'timeout', 'x-emulator-tag': 'held' }
    const outcome = await send('us-east-1', converseBody(), {
      headers,
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name)
    expect(outcome).toBe('TimeoutError')
    // Released by the disconnect (the hold itself is two minutes): recorded as 408.
    await expect
      .poll(async () => {
        const calls = (await (await fetch(`${emulator.url}/_emulator/calls?tag=held`)).json()) as {
          calls: { status: number }[]
        }
        return calls.calls[0]?.status
      })
      .toBe(408)
  })
})

describe('the local stack factory', () => {
  it('points the worker at a running emulator and enables the test directives', async () => {
    const started = await bedrockEmulator({ edgeCredentials: LOCAL_EDGE_CREDENTIALS })
    try {
      expect(started.vars).toMatchObject({
        BEDROCK_URL_EU_WEST_1: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/eu-west-1$/),
        BEDROCK_FORWARD_EMULATOR_HEADERS: 'true',
      })
      const calls = await fetch(
        `${new URL(started.vars.BEDROCK_URL_EU_WEST_1!).origin}/_emulator/calls`,
      )
      expect(calls.status).toBe(200)
    } finally {
      await started.stop()
    }
  })

  it('leaves the dev stack on real Bedrock when Bedrock credentials are in its environment', async () => {
    process.env.BEDROCK_AWS_ACCESS_KEY_ID = 'AKIDREALBEDROCK00000'
    process.env.BEDROCK_AWS_SECRET_ACCESS_KEY = 'real-secret-000000000000000000000000000'
    try {
      const dev = await bedrockEmulator({
        edgeCredentials: LOCAL_EDGE_CREDENTIALS,
        dataDir: '/tmp/x',
      })
      expect(dev.vars).toEqual({
        BEDROCK_AWS_ACCESS_KEY_ID: 'AKIDREALBEDROCK00000',
        BEDROCK_AWS_SECRET_ACCESS_KEY: 'real-secret-000000000000000000000000000',
      })
      const tests = await bedrockEmulator({ edgeCredentials: LOCAL_EDGE_CREDENTIALS })
      expect(tests.vars).toHaveProperty('BEDROCK_URL_US_EAST_1')
      await tests.stop()
    } finally {
      delete process.env.BEDROCK_AWS_ACCESS_KEY_ID
      delete process.env.BEDROCK_AWS_SECRET_ACCESS_KEY
    }
  })
})
