/**
 * The IELTS Speaking test's timings (the same in Academic and General Training): Part 1,
 * 4–5 minutes of questions on familiar topics; Part 2, a task card with 1 minute to
 * prepare, up to 2 minutes to talk, then one or two rounding-off questions; Part 3,
 * 4–5 minutes of discussion of more abstract questions linked to Part 2.
 */

export type Part = 1 | 2 | 3

export const PART1_LIMITS = { minSeconds: 240, maxSeconds: 300 } as const

export const PART2_LIMITS = {
  prepSeconds: 60,
  talkSeconds: 120,
  /** A long turn shorter than this is not over when the candidate pauses. */
  minTalkSeconds: 60,
  roundingOffQuestions: 2,
  roundingOffMaxSeconds: 60,
} as const

export const PART3_LIMITS = { minSeconds: 240, maxSeconds: 300 } as const

/** Time the examiner has to close the test once Part 3 is over. */
export const CLOSING_SECONDS = 30

export type PartLimits = typeof PART1_LIMITS | typeof PART2_LIMITS | typeof PART3_LIMITS

/** The limits of a part, as the client is told in `part_started`. */
export function limitsOf(part: Part): PartLimits {
  return part === 1 ? PART1_LIMITS : part === 2 ? PART2_LIMITS : PART3_LIMITS
}
