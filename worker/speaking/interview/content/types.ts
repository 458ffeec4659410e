/** One Part 1 frame: a familiar topic and the questions the examiner may ask about it. */
export type Part1Frame = { topic: string; questions: readonly string[] }

/** A Part 1 interview: an opening frame (home, work or studies) and two familiar topics. */
export type Part1Set = { id: string; frames: readonly [Part1Frame, Part1Frame, Part1Frame] }

/** A Part 3 theme: an abstract discussion linked to the Part 2 topic. */
export type Part3Theme = { theme: string; questions: readonly string[] }

/**
 * A Part 2 task card: what to describe, the points to cover and the final "explain"
 * point, the examiner's rounding-off questions, and the Part 3 themes it leads to.
 */
export type CueCard = {
  id: string
  task: string
  points: readonly [string, string, string]
  explain: string
  roundingOff: readonly [string, string]
  part3: readonly [Part3Theme, Part3Theme]
}

/** The speaking question bank of one module. */
export type SpeakingBank = { part1: readonly Part1Set[]; cueCards: readonly CueCard[] }
