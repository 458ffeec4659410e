import { describe, expect, it } from 'vitest'
import type { Region } from '../../../shared/regions'
import { ScoringUnavailableError } from '../../../worker/bedrock/errors'
import { callScoringTool } from '../../../worker/bedrock/tool-call'
import { scoringToolSchema, WRITING_CRITERIA } from '../../../worker/scoring/criteria'
import { writingSystemPrompt, writingUserMessage } from '../../../worker/writing/prompt'
import { findWritingTask } from '../../../worker/writing/question-bank'
import { GOOD_ESSAY } from '../writing/essays'
import { callsFor, emulatorClient } from './support'

const TASK = findWritingTask('aw-t2-01')!
const ORDER: Region[] = ['us-east-1', 'eu-west-1', 'ap-southeast-1']
const tool = {
  name: 'record_assessment',
  description: 'Records the assessment.',
  schema: scoringToolSchema(WRITING_CRITERIA[2]),
}

function call(fault?: string, regions = ORDER) {
  const { client, tag } = emulatorClient({ fault })
  const result = callScoringTool({
    client,
    regions,
    system: writingSystemPrompt(TASK),
    userText: writingUserMessage(TASK, GOOD_ESSAY, 280),
    tool,
    maxTokens: 3000,
    deadlineAt: Date.now() + 20_000,
  })
  return { result, tag }
}

describe('callScoringTool', () => {
  it('returns the validated tool input with model, region, usage and the examiner', async () => {
    const { result, tag } = call()
    const scored = await result
    expect(scored).toMatchObject({
      modelId: 'us.amazon.nova-micro-v1:0',
      region: 'us-east-1',
      examiner: 'local-emulator',
      calls: 1,
      repaired: false,
    })
    expect(Object.keys(scored.input.criteria)).toEqual([...WRITING_CRITERIA[2]])
    expect(scored.usage.inputTokens).toBeGreaterThan(500)
    expect((await callsFor(tag)).total).toBe(1)
  })

  it('repairs malformed tool input once, through a toolResult carrying the errors', async () => {
    const { result, tag } = call('malformed')
    const scored = await result
    expect(scored).toMatchObject({ calls: 2, repaired: true })
    expect(tool.schema.safeParse(scored.input).success).toBe(true)
    expect((await callsFor(tag)).total).toBe(2)
  })

  it('sends the repair to the region that answered', async () => {
    const { result, tag } = call('us-east-1=throttle,malformed')
    const scored = await result
    expect(scored.region).toBe('eu-west-1')
    expect(await callsFor(tag)).toMatchObject({ 'us-east-1': 1, 'eu-west-1': 2 })
  })

  it('gives up with ASSESSMENT_UNAVAILABLE after one failed repair', async () => {
    const { result, tag } = call('malformed-always')
    const error = await result.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScoringUnavailableError)
    expect(error).toMatchObject({ status: 502, reason: 'invalid_output' })
    expect((await callsFor(tag)).total).toBe(2)
  })

  it('asks once more when the model answers without the tool or Bedrock reports a model error', async () => {
    for (const fault of ['no-tool', 'model-error']) {
      const { result, tag } = call(fault)
      expect(await result.catch((e: unknown) => e)).toMatchObject({ reason: 'invalid_output' })
      expect((await callsFor(tag)).total).toBe(2)
    }
  })
})
