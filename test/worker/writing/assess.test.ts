import { describe, expect, it } from 'vitest'
import type { Region } from '../../../shared/regions'
import { ScoringUnavailableError } from '../../../worker/bedrock/errors'
import { taskBand } from '../../../worker/scoring/bands'
import { assessEssay } from '../../../worker/writing/assess'
import { findWritingTask, renderTaskText } from '../../../worker/writing/question-bank'
import { callsFor, emulatorClient } from '../bedrock/support'
import { FRENCH_ESSAY, GOOD_ESSAY, SHORT_ESSAY, TWELVE_WORDS } from './essays'

const TASK = findWritingTask('aw-t2-01')!
const ORDER: Region[] = ['us-east-1', 'eu-west-1', 'ap-southeast-1']

function assess(text: string, options: { fault?: string; regions?: Region[] } = {}) {
  const { client, tag } = emulatorClient({ fault: options.fault })
  const result = assessEssay({
    task: TASK,
    text,
    client,
    regions: options.regions ?? ORDER,
    maxTokens: 3000,
    deadlineMs: 20_000,
  })
  return { result, tag }
}

describe('assessEssay against the Bedrock emulator', () => {
  it('scores an answer: four criteria, our task band, verified corrections and the model record', async () => {
    const { result, tag } = assess(GOOD_ESSAY)
    const a = await result
    expect(a).toMatchObject({
      rubricVersion: expect.stringMatching(/^ielts-writing-/),
      taskId: 'aw-t2-01',
      module: 'academic_writing',
      task: 2,
      examiner: 'local-emulator',
      rulesApplied: [],
      model: { id: 'us.amazon.nova-micro-v1:0', region: 'us-east-1', calls: 1, repaired: false },
    })
    expect(a.criteria.map((c) => c.name)).toEqual([
      'Task Response',
      'Coherence and Cohesion',
      'Lexical Resource',
      'Grammatical Range and Accuracy',
    ])
    expect(a.taskBand).toBe(taskBand(a.criteria.map((c) => c.band)))
    expect(a.words).toMatchObject({ minimum: 250, copiedFromPrompt: 6 })
    expect(a.words.counted).toBeGreaterThanOrEqual(250)
    expect(a.model?.usage.inputTokens).toBeGreaterThan(0)
    for (const c of a.corrections) expect(GOOD_ESSAY.slice(c.start, c.end)).toBe(c.quote)
    expect(a.corrections.map((c) => c.quote)).toContain('goverment')
    expect((await callsFor(tag)).total).toBe(1)
  })

  it('drops invented quotes and counts them', async () => {
    const a = await assess(GOOD_ESSAY, { fault: 'invent-quotes' }).result
    expect(a.quotes.dropped).toBe(5) // one per criterion and one correction
    const quoted = [...a.criteria.flatMap((c) => c.evidence), ...a.corrections.map((c) => c.quote)]
    for (const quote of quoted) expect(GOOD_ESSAY).toContain(quote)
    expect(quoted).not.toContain('This sentence was never written by the student.')
  })

  it('is served by the next region when the nearest throttles', async () => {
    const a = await assess(GOOD_ESSAY, { fault: 'us-east-1=throttle' }).result
    expect(a.model).toMatchObject({ region: 'eu-west-1', id: 'eu.amazon.nova-micro-v1:0' })
  })

  it('repairs malformed tool output once', async () => {
    const a = await assess(GOOD_ESSAY, { fault: 'malformed' }).result
    expect(a.model).toMatchObject({ calls: 2, repaired: true })
  })

  it('fails with 502 ASSESSMENT_UNAVAILABLE when every region fails', async () => {
    const error = await assess(GOOD_ESSAY, { fault: 'server-error' }).result.catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ScoringUnavailableError)
    expect(error).toMatchObject({ status: 502, code: 'ASSESSMENT_UNAVAILABLE' })
  })

  it('caps Task Response of an under-length answer below the model’s band', async () => {
    const a = await assess(SHORT_ESSAY).result
    const tr = a.criteria.find((c) => c.id === 'task_response')!
    expect(tr.band).toBe(4)
    expect(tr.modelBand).toBeGreaterThan(4)
    expect(a.rulesApplied).toEqual([
      expect.objectContaining({ rule: 'under_length', criteria: ['task_response'], band: 4 }),
    ])
    expect(a.taskBand).toBe(taskBand(a.criteria.map((c) => c.band)))
  })

  it('rates 20 words or fewer at band 1 everywhere without calling the model', async () => {
    const { result, tag } = assess(TWELVE_WORDS)
    const a = await result
    expect(a).toMatchObject({ examiner: 'rules', taskBand: 1, model: null })
    expect(a.criteria.every((c) => c.band === 1 && c.modelBand === null)).toBe(true)
    expect((await callsFor(tag)).total).toBe(0)
  })

  it('rates an answer in another language at band 0 without calling the model', async () => {
    const { result, tag } = assess(FRENCH_ESSAY)
    const a = await result
    expect(a.criteria.every((c) => c.band === 0)).toBe(true)
    expect(a.rulesApplied[0]).toMatchObject({ rule: 'not_english' })
    expect((await callsFor(tag)).total).toBe(0)
  })

  it('does not count a copied prompt: prompt plus a few words is band 1', async () => {
    const a = await assess(`${renderTaskText(TASK)}\n\n${TWELVE_WORDS}`).result
    expect(a.words.copiedFromPrompt).toBeGreaterThan(50)
    expect(a).toMatchObject({
      taskBand: 1,
      rulesApplied: [expect.objectContaining({ rule: 'twenty_words_or_fewer' })],
    })
  })

  it('refuses an empty or oversized answer before any model call', async () => {
    for (const text of ['   ', 'x'.repeat(12_001)]) {
      expect(await assess(text).result.catch((e: unknown) => e)).toMatchObject({
        code: 'VALIDATION_FAILED',
      })
    }
  })
})
