import { describe, expect, it } from 'vitest'
import {
  estimatedWritingBand,
  HALF_BANDS,
  isHalfBand,
  roundedMean,
  taskBand,
} from '../../../worker/scoring/bands'

/**
 * An independent formulation: the mean as a decimal, its fractional part looked up in a
 * table of the eight possible eighths (.25 and .75 round up).
 */
function expectedTaskBand(criteria: number[]): number {
  const mean = criteria.reduce((a, b) => a + b, 0) / 4
  const whole = Math.floor(mean)
  const eighths = Math.round((mean - whole) * 8)
  const step = [0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1][eighths]
  if (step === undefined) throw new Error(`mean ${mean} is not a multiple of 1/8`)
  return whole + step
}

describe('half bands', () => {
  it('are the 19 values 0, 0.5, …, 9', () => {
    expect(HALF_BANDS).toHaveLength(19)
    expect(HALF_BANDS[0]).toBe(0)
    expect(HALF_BANDS.at(-1)).toBe(9)
    expect([0, 4.5, 9].every(isHalfBand)).toBe(true)
    expect([-0.5, 9.5, 6.25, Number.NaN, '6'].some(isHalfBand)).toBe(false)
  })
})

describe('taskBand', () => {
  it('rounds the worked examples: 6.125→6, 6.25→6.5, 6.625→6.5, 3.875→4', () => {
    expect(taskBand([6.5, 6, 6, 6])).toBe(6) // 6.125
    expect(taskBand([6.5, 6.5, 6, 6])).toBe(6.5) // 6.25
    expect(taskBand([7, 7, 6.5, 6])).toBe(6.5) // 6.625
    expect(taskBand([4, 4, 4, 3.5])).toBe(4) // 3.875
    expect(taskBand([7, 7, 7, 6])).toBe(7) // 6.75
  })

  it('agrees with the decimal formulation for every one of the 19^4 criterion combinations', () => {
    let checked = 0
    const mismatches: string[] = []
    for (const a of HALF_BANDS)
      for (const b of HALF_BANDS)
        for (const c of HALF_BANDS)
          for (const d of HALF_BANDS) {
            const bands = [a, b, c, d]
            checked++
            const got = taskBand(bands)
            if (got !== expectedTaskBand(bands)) mismatches.push(`${bands.join(',')}→${got}`)
          }
    expect(checked).toBe(19 ** 4)
    expect(mismatches.slice(0, 5)).toEqual([])
  })

  it('refuses anything but four half bands', () => {
    expect(() => taskBand([6, 6, 6])).toThrow(TypeError)
    expect(() => taskBand([6, 6, 6, 6.25])).toThrow(TypeError)
    expect(() => roundedMean([])).toThrow(TypeError)
  })
})

describe('estimatedWritingBand', () => {
  it('weights Task 2 twice and rounds (T1 + 2·T2)/3 the same way', () => {
    expect(estimatedWritingBand(6, 6.5)).toBe(6.5) // 6.33
    expect(estimatedWritingBand(6.5, 6)).toBe(6) // 6.17
    expect(estimatedWritingBand(5, 7)).toBe(6.5) // 6.33
    expect(estimatedWritingBand(7, 5.5)).toBe(6) // 6.0
    expect(estimatedWritingBand(9, 0)).toBe(3)
  })

  it('matches the nearest half band of the exact weighted mean for every pair', () => {
    for (const t1 of HALF_BANDS)
      for (const t2 of HALF_BANDS) {
        const mean = (t1 + 2 * t2) / 3
        // Thirds never land on a quarter, so plain nearest-half rounding is unambiguous.
        expect(estimatedWritingBand(t1, t2)).toBe(Math.round(mean * 2) / 2)
      }
  })
})
