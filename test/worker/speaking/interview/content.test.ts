import { describe, expect, it } from 'vitest'
import { SPEAKING_MODULES } from '../../../../shared/modules'
import {
  pickInterviewPlan,
  planById,
  SPEAKING_BANKS,
  type SpeakingModule,
} from '../../../../worker/speaking/interview/content'

const modules = SPEAKING_MODULES as SpeakingModule[]

describe('speaking question banks', () => {
  it('has a bank for each speaking module of the catalog', () => {
    expect(Object.keys(SPEAKING_BANKS).sort()).toEqual([...modules].sort())
  })

  it.each(modules)('%s: at least 12 Part 1 sets and 12 cue cards, each complete', (module) => {
    const bank = SPEAKING_BANKS[module]
    expect(bank.part1.length).toBeGreaterThanOrEqual(12)
    expect(bank.cueCards.length).toBeGreaterThanOrEqual(12)
    for (const set of bank.part1) {
      expect(set.frames).toHaveLength(3)
      for (const frame of set.frames)
        expect(frame.questions.length, set.id).toBeGreaterThanOrEqual(3)
    }
    for (const card of bank.cueCards) {
      expect(card.task, card.id).toMatch(/^Describe .+\.$/)
      expect(card.points).toHaveLength(3)
      expect(card.explain).toMatch(/^and explain /)
      expect(card.roundingOff).toHaveLength(2)
      expect(card.part3).toHaveLength(2)
      for (const theme of card.part3)
        expect(theme.questions.length, card.id).toBeGreaterThanOrEqual(3)
    }
  })

  it('uses every id and every question once across both modules', () => {
    const ids = modules.flatMap((m) =>
      [...SPEAKING_BANKS[m].part1, ...SPEAKING_BANKS[m].cueCards].map((x) => x.id),
    )
    expect(new Set(ids).size).toBe(ids.length)
    const part1Topics = modules.flatMap((m) =>
      SPEAKING_BANKS[m].part1.flatMap((s) => s.frames.slice(1).map((f) => `${m}:${f.topic}`)),
    )
    expect(new Set(part1Topics).size).toBe(part1Topics.length)
    const tasks = modules.flatMap((m) => SPEAKING_BANKS[m].cueCards.map((c) => c.task))
    expect(new Set(tasks).size).toBe(tasks.length)
    const questions = modules.flatMap((m) =>
      SPEAKING_BANKS[m].cueCards.flatMap((c) => c.part3.flatMap((t) => t.questions)),
    )
    expect(new Set(questions).size).toBe(questions.length)
  })

  it('picks a plan with the injected randomness and finds it again by its ids', () => {
    const plan = pickInterviewPlan('general_speaking', () => 0.999)
    expect(plan.part1).toBe(SPEAKING_BANKS.general_speaking.part1.at(-1))
    expect(plan.card).toBe(SPEAKING_BANKS.general_speaking.cueCards.at(-1))
    expect(pickInterviewPlan('academic_speaking', () => 0).part1.id).toBe('ac-p1-01')
    expect(planById('general_speaking', plan.part1.id, plan.card.id)).toEqual(plan)
    expect(planById('academic_speaking', plan.part1.id, plan.card.id)).toBeUndefined()
  })
})
