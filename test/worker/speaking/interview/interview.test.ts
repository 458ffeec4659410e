import { describe, expect, it } from 'vitest'
import { pickInterviewPlan } from '../../../../worker/speaking/interview/content'
import { CUE_PREFIX } from '../../../../worker/speaking/interview/cues'
import { Interview, type InterviewOutput } from '../../../../worker/speaking/interview/interview'

const plan = pickInterviewPlan('academic_speaking', () => 0.3)
const S = 1000
const kinds = (out: InterviewOutput[]) =>
  out.map((o) =>
    o.kind === 'part_started'
      ? `part_started:${o.part}`
      : o.kind === 'notice'
        ? `notice:${o.code}`
        : o.kind,
  )

describe('Interview (server-side timers, injected clock)', () => {
  it("runs the three parts in order, on the clock and on the candidate's turns", () => {
    const interview = new Interview(plan)
    const t0 = 1_000_000
    expect(kinds(interview.start(t0))).toEqual(['part_started:1', 'cue'])
    expect(interview.part).toBe(1)
    // Before 4 minutes a finished answer does not end Part 1; after it, it does.
    expect(interview.candidateTurnEnded(t0 + 200 * S)).toEqual([])
    const toPart2 = interview.candidateTurnEnded(t0 + 241 * S)
    expect(kinds(toPart2)).toEqual(['rotate', 'part_started:2', 'cue'])
    const card = toPart2.find((o) => o.kind === 'part_started')
    expect(card).toMatchObject({
      limits: { prepSeconds: 60, talkSeconds: 120 },
      card: { task: plan.card.task },
    })
    // One minute of preparation, on the clock.
    expect(interview.nextDeadline()).toBe(t0 + 301 * S)
    expect(interview.tick(t0 + 300 * S)).toEqual([])
    expect(kinds(interview.tick(t0 + 301 * S))).toEqual(['notice:SPEAK_NOW', 'cue'])
    expect(interview.phase).toBe('part2_talk')
    // A pause after 30 s of talk is not the end of the long turn; after 1 minute it is.
    expect(interview.candidateTurnEnded(t0 + 331 * S)).toEqual([])
    expect(kinds(interview.candidateTurnEnded(t0 + 362 * S))).toEqual(['cue'])
    expect(interview.phase).toBe('part2_rounding')
    // One or two rounding-off questions, then Part 3.
    expect(interview.candidateTurnEnded(t0 + 370 * S)).toEqual([])
    expect(kinds(interview.candidateTurnEnded(t0 + 380 * S))).toEqual([
      'rotate',
      'part_started:3',
      'cue',
    ])
    expect(interview.part).toBe(3)
    expect(kinds(interview.tick(t0 + 680 * S))).toEqual(['rotate', 'cue'])
    expect(interview.phase).toBe('closing')
    expect(kinds(interview.examinerTurnEnded(t0 + 690 * S))).toEqual(['finished'])
    expect(interview.nextDeadline()).toBeNull()
  })

  it('ends Part 1 at 5 minutes and the long turn at 2 minutes even mid-answer', () => {
    const interview = new Interview(plan)
    interview.start(0)
    expect(kinds(interview.tick(300 * S))).toEqual(['rotate', 'part_started:2', 'cue'])
    interview.tick(360 * S)
    expect(kinds(interview.tick(480 * S))).toEqual(['notice:TIME_UP', 'cue'])
    expect(kinds(interview.tick(540 * S))).toEqual(['rotate', 'part_started:3', 'cue'])
    expect(kinds(interview.tick(840 * S))).toEqual(['rotate', 'cue'])
    expect(interview.tick(869 * S)).toEqual([])
    expect(interview.tick(870 * S)).toEqual([
      { kind: 'finished', reason: 'completed', at: 870 * S },
    ])
  })

  it('lets the candidate start talking early and finish the long turn early', () => {
    const interview = new Interview(plan)
    interview.start(0)
    interview.tick(300 * S)
    expect(kinds(interview.candidateSignalledEnd(310 * S))).toEqual(['notice:SPEAK_NOW', 'cue'])
    expect(interview.nextDeadline()).toBe(430 * S)
    expect(kinds(interview.candidateSignalledEnd(350 * S))).toEqual(['cue'])
    expect(interview.phase).toBe('part2_rounding')
    expect(interview.candidateSignalledEnd(355 * S)).toEqual([])
  })

  it('finishes at once when the candidate finishes, and only once', () => {
    const interview = new Interview(plan)
    interview.start(0)
    expect(interview.finish(60 * S, 'candidate_finished')).toEqual([
      { kind: 'finished', reason: 'candidate_finished', at: 60 * S },
    ])
    expect(interview.finish(61 * S, 'abandoned')).toEqual([])
    expect(interview.tick(10_000 * S)).toEqual([])
  })

  it('sends stage directions that name the plan and suggest words', () => {
    const interview = new Interview(plan)
    const [, cue] = interview.start(0)
    expect(cue?.kind === 'cue' && cue.text).toMatch(
      new RegExp(`^\\${CUE_PREFIX} Begin Part 1 .*Suggested words: ".+"$`),
    )
    const part2 = interview.tick(300 * S).find((o) => o.kind === 'cue')
    expect(part2?.kind === 'cue' && part2.text).toContain(plan.card.task)
  })

  it('restores from a snapshot with its timers', () => {
    const interview = new Interview(plan)
    interview.start(0)
    interview.tick(300 * S)
    const restored = new Interview(plan, interview.snapshot())
    expect(restored.phase).toBe('part2_prep')
    expect(restored.nextDeadline()).toBe(360 * S)
    expect(kinds(restored.tick(360 * S))).toEqual(['notice:SPEAK_NOW', 'cue'])
  })

  it('scales every timer, and the limits it tells the app, by the time scale', () => {
    const interview = new Interview(plan, undefined, { timeScale: 0.01 })
    const [started] = interview.start(0)
    expect(started).toMatchObject({ limits: { minSeconds: 2.4, maxSeconds: 3 } })
    expect(interview.nextDeadline()).toBe(3 * S)
    expect(interview.candidateTurnEnded(2 * S)).toEqual([])
    const part2 = interview.candidateTurnEnded(2.5 * S)
    expect(part2.find((o) => o.kind === 'part_started')).toMatchObject({
      limits: { prepSeconds: 0.6, talkSeconds: 1.2, roundingOffQuestions: 2 },
    })
    expect(interview.nextDeadline()).toBe(3.1 * S)
    expect(() => new Interview(plan, undefined, { timeScale: 0 })).toThrow(TypeError)
    expect(() => new Interview(plan, undefined, { timeScale: 2 })).toThrow(TypeError)
  })

  it('reports the current part for an app that reconnects', () => {
    const interview = new Interview(plan)
    expect(interview.currentPart()).toBeNull()
    interview.start(0)
    interview.tick(300 * S)
    expect(interview.currentPart()).toMatchObject({ kind: 'part_started', part: 2, at: 300 * S })
  })
})
