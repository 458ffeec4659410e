import { describe, expect, it } from 'vitest'
import {
  NO_PRONUNCIATION_EVIDENCE,
  pronunciationFrom,
  type StoredObservation,
} from '../../../../worker/speaking/scoring/pronunciation-band'

const seen = (
  descriptorLevel: number,
  effect: 'helps' | 'hinders' = 'helps',
): StoredObservation => ({
  feature: 'word_stress',
  effect,
  evidence: `heard at level ${descriptorLevel}`,
  descriptorLevel,
  part: 2,
  at: 0,
})

describe('pronunciationFrom (the examiner tool’s observations only)', () => {
  it('is not assessed, with the reason, when the examiner recorded nothing', () => {
    expect(pronunciationFrom([])).toEqual({ assessed: false, reason: NO_PRONUNCIATION_EVIDENCE })
  })

  it('rounds the mean of the descriptor levels like every band (.25 up, .75 up)', () => {
    const band = (levels: number[]) => {
      const outcome = pronunciationFrom(levels.map((l) => seen(l)))
      return outcome.assessed ? outcome.result.band : null
    }
    expect(band([6, 7, 7])).toBe(6.5) // 6.67
    expect(band([6, 6, 6, 7])).toBe(6.5) // 6.25
    expect(band([6, 6, 7, 7])).toBe(6.5) // 6.5
    expect(band([6, 7, 7, 7])).toBe(7) // 6.75
    expect(band([5, 5, 5, 6])).toBe(5.5) // 5.25
    expect(band([5, 5, 5, 5, 6])).toBe(5) // 5.2
  })

  it('marks one or two observations provisional and quotes hindering evidence first', () => {
    const outcome = pronunciationFrom([seen(8, 'helps'), seen(5, 'hinders')])
    if (!outcome.assessed) throw new Error('expected a band')
    expect(outcome.result).toMatchObject({ band: 6.5, provisional: true, observations: 2 })
    expect(outcome.result.evidence.map((e) => e.effect)).toEqual(['hinders', 'helps'])
    expect(outcome.result.evidence[0]).toEqual({
      feature: 'word_stress',
      effect: 'hinders',
      heard: 'heard at level 5',
      part: 2,
    })
  })
})
