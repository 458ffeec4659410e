import { describe, expect, it } from 'vitest'
import { serverMessage } from '../../../../shared/speaking-messages'
import { events } from '../../../../worker/nova-sonic/build-events'
import { inputEvent } from '../../../../worker/nova-sonic/input-events'
import { SPEAKING_BANKS, type SpeakingModule } from '../../../../worker/speaking/interview/content'
import { CUE_PREFIX } from '../../../../worker/speaking/interview/cues'
import {
  examinerPrompt,
  MAX_SYSTEM_PROMPT_CHARS,
} from '../../../../worker/speaking/interview/examiner-prompt'
import { Interview } from '../../../../worker/speaking/interview/interview'
import { PRONUNCIATION_TOOL_NAME } from '../../../../worker/speaking/interview/pronunciation-tool'
import { clientMessageFor, examinerSetup } from '../../../../worker/speaking/live/examiner-setup'

const plans = (Object.keys(SPEAKING_BANKS) as SpeakingModule[]).flatMap((module) =>
  SPEAKING_BANKS[module].part1.map((part1, i) => ({
    module,
    part1,
    card: SPEAKING_BANKS[module].cueCards[i]!,
  })),
)

describe('examinerPrompt', () => {
  it('carries the whole plan: Part 1 questions, the card, rounding-off questions, Part 3 themes', () => {
    const plan = plans[5]!
    const prompt = examinerPrompt(plan)
    for (const q of plan.part1.frames.flatMap((f) => f.questions)) expect(prompt).toContain(q)
    expect(prompt).toContain(plan.card.task)
    for (const point of plan.card.points) expect(prompt).toContain(point)
    for (const q of plan.card.roundingOff) expect(prompt).toContain(q)
    for (const q of plan.card.part3.flatMap((t) => t.questions)) expect(prompt).toContain(q)
  })

  it('explains stage directions, the pronunciation tool, and that no score is ever given', () => {
    const prompt = examinerPrompt(plans[0]!)
    expect(prompt).toContain(CUE_PREFIX)
    expect(prompt).toContain(PRONUNCIATION_TOOL_NAME)
    expect(prompt).toMatch(/Never give a score, a band or feedback/)
  })

  it('stays within the size limit for every plan, untruncated', () => {
    for (const plan of plans) {
      const prompt = examinerPrompt(plan)
      expect(prompt.length).toBeLessThan(MAX_SYSTEM_PROMPT_CHARS)
      expect(prompt).toContain(plan.card.part3[1].questions.at(-1))
    }
  })
})

describe('examinerSetup', () => {
  it('opens streams the input schema accepts, with LOW endpointing and the tool', () => {
    const setup = examinerSetup(plans[0]!, 'amy')
    expect(setup.endpointing).toBe('LOW')
    expect(setup.tools.map((t) => t.name)).toEqual([PRONUNCIATION_TOOL_NAME])
    expect(() => inputEvent.parse(events.promptStart('p', setup))).not.toThrow()
    expect(() => inputEvent.parse(events.sessionStart(setup))).not.toThrow()
  })

  it('maps interview outputs to client messages the server schema accepts, and hides cues', () => {
    const interview = new Interview(plans[0]!)
    const outputs = [
      ...interview.start(0),
      ...interview.tick(300_000),
      ...interview.tick(360_000),
      ...interview.finish(400_000, 'candidate_finished'),
    ]
    const messages = outputs.map(clientMessageFor)
    expect(messages.filter((m) => m === null)).toHaveLength(
      outputs.filter((o) => o.kind === 'cue' || o.kind === 'rotate').length,
    )
    for (const message of messages.filter((m) => m !== null))
      expect(() => serverMessage.parse(message)).not.toThrow()
    expect(messages.find((m) => m?.type === 'part_started' && m.part === 2)).toMatchObject({
      card: { task: plans[0]!.card.task },
      at: '1970-01-01T00:05:00.000Z',
    })
  })
})
