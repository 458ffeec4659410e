/**
 * Band arithmetic: done by our code, never by the model.
 *
 * Bands are half bands from 0 to 9. Internally they are counted in half-band units
 * (integers 0–18) so that means and weighted means are exact rational numbers, never
 * floating-point approximations.
 */

/** Every band a criterion or a task can have: 0, 0.5, 1, …, 9. */
export const HALF_BANDS = Array.from({ length: 19 }, (_, i) => i / 2)

export type Band = number

/** True for 0, 0.5, …, 9 and nothing else. */
export function isHalfBand(value: unknown): value is Band {
  return typeof value === 'number' && Number.isInteger(value * 2) && value >= 0 && value <= 9
}

/**
 * Rounds a weighted mean of half bands to the nearest half band, a quarter going up:
 * x.25 → x.5 and x.75 → x+1. This is how IELTS publishes the rounding of the *overall*
 * band (the mean of the four skills). The rounding of a task band from its four criteria is
 * not published; applying the same rule is our estimate, and results say so.
 *
 * With the mean in half-band units m = Σwᵢhᵢ / Σwᵢ, the nearest unit with ties up is
 * ⌊m + ½⌋ = ⌊(2Σwᵢhᵢ + Σwᵢ) / (2Σwᵢ)⌋: integer arithmetic only.
 *
 * @example
 * roundedMean([6, 6, 6, 6.5]) // 6   (6.125)
 * roundedMean([6, 6, 6.5, 6.5]) // 6.5 (6.25)
 * roundedMean([6, 6, 7, 7.5], [1, 1, 1, 1]) // 6.5 (6.625)
 */
export function roundedMean(bands: readonly Band[], weights?: readonly number[]): Band {
  if (bands.length === 0) throw new TypeError('roundedMean needs at least one band')
  const w = weights ?? bands.map(() => 1)
  if (w.length !== bands.length || w.some((x) => !Number.isInteger(x) || x < 1)) {
    throw new TypeError('weights must be positive integers, one per band')
  }
  let numerator = 0
  let denominator = 0
  bands.forEach((band, i) => {
    if (!isHalfBand(band)) throw new TypeError(`not a half band: ${band}`)
    numerator += (w[i] as number) * band * 2
    denominator += w[i] as number
  })
  return Math.floor((2 * numerator + denominator) / (2 * denominator)) / 2
}

/**
 * The band of one writing task from its four criteria: their mean, rounded as
 * {@link roundedMean} does. Our estimate (see there).
 *
 * @example
 * taskBand([6.5, 6, 6, 6]) // 6   (mean 6.125)
 */
export function taskBand(criteria: readonly Band[]): Band {
  if (criteria.length !== 4) throw new TypeError('a writing task has four criteria')
  return roundedMean(criteria)
}

/**
 * The writing band from a Task 1 and a Task 2 result of the same module. Task 2 counts
 * twice as much as Task 1 (IELTS says so publicly); the rounding of the weighted mean is
 * not published, so this applies {@link roundedMean} and is labelled an estimate.
 *
 * @example
 * estimatedWritingBand(6, 6.5) // 6.5 (19/3 ≈ 6.33)
 */
export function estimatedWritingBand(task1: Band, task2: Band): Band {
  return roundedMean([task1, task2], [1, 2])
}

/** The note every result carries next to a band computed by {@link roundedMean}. */
export const BAND_ESTIMATE_NOTE =
  'Bands are computed by our code from the criterion bands: the mean rounded to the nearest half band (.25 rounds up to .5, .75 up to the next whole band). IELTS publishes this rounding for the overall band only; for task and writing bands it is our estimate.'
