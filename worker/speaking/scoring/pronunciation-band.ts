import { type Band, roundedMean } from '../../scoring/bands'
import type { PronunciationObservation } from '../interview/pronunciation-tool'
import type { Part } from '../interview/structure'

/** An observation as the session keeps it: what the examiner recorded, where and when. */
export type StoredObservation = PronunciationObservation & { part: Part; at: number }

/** Below this many observations a Pronunciation band is shown but marked provisional. */
export const SOLID_EVIDENCE_OBSERVATIONS = 3
/** How many observations the result quotes (hindering ones first). */
const QUOTED = 8

export type PronunciationResult = {
  id: 'pronunciation'
  name: 'Pronunciation'
  band: Band
  /** True when it rests on fewer than {@link SOLID_EVIDENCE_OBSERVATIONS} observations. */
  provisional: boolean
  observations: number
  /** How the band was computed, in words, for the student. */
  basis: string
  evidence: { feature: string; effect: 'helps' | 'hinders'; heard: string; part: Part }[]
}

export type PronunciationOutcome =
  | { assessed: true; result: PronunciationResult }
  | { assessed: false; reason: string }

export const NO_PRONUNCIATION_EVIDENCE =
  'Not assessed: the examiner recorded no pronunciation evidence during this test, and the band is never guessed from the transcript. The overall band is computed from the other three criteria and marked provisional.'

/**
 * The Pronunciation criterion from the examiner's own observations (the only model that
 * heard the audio): the band is the mean of the descriptor levels it recorded, rounded by
 * our code like every other band. No observations: not assessed, with the reason.
 *
 * @example
 * pronunciationFrom([{ feature: 'word_stress', effect: 'hinders', evidence: '…', descriptorLevel: 6, part: 1, at }])
 * // { assessed: true, result: { band: 6, provisional: true, observations: 1, … } }
 */
export function pronunciationFrom(
  observations: readonly StoredObservation[],
): PronunciationOutcome {
  if (observations.length === 0) return { assessed: false, reason: NO_PRONUNCIATION_EVIDENCE }
  const band = roundedMean(observations.map((o) => o.descriptorLevel))
  const provisional = observations.length < SOLID_EVIDENCE_OBSERVATIONS
  const ordered = [
    ...observations.filter((o) => o.effect === 'hinders'),
    ...observations.filter((o) => o.effect === 'helps'),
  ]
  return {
    assessed: true,
    result: {
      id: 'pronunciation',
      name: 'Pronunciation',
      band,
      provisional,
      observations: observations.length,
      basis: `The mean of the descriptor levels of ${observations.length} observation(s) the examiner recorded while listening, rounded to the nearest half band by our code.${provisional ? ` Fewer than ${SOLID_EVIDENCE_OBSERVATIONS} observations: read it as provisional.` : ''}`,
      evidence: ordered.slice(0, QUOTED).map((o) => ({
        feature: o.feature,
        effect: o.effect,
        heard: o.evidence,
        part: o.part,
      })),
    },
  }
}
