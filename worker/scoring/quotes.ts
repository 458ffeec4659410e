import type { Correction, CriterionAssessment, CriterionId, ScoringToolInput } from './criteria'
import { type FoldedText, foldText } from './text'

/** A quote found in the answer: the student's own characters and where they are. */
export type LocatedQuote = { text: string; start: number; end: number }

const WRAPPING = /^[\s"'“”‘’«»]+|[\s"'“”‘’«».,;:!?]+$/gu

/**
 * Finds `quote` in the answer after folding both (see `foldText`). Wrapping quotation
 * marks and trailing punctuation of the quote are ignored; anything else must match.
 *
 * @example
 * locateQuote(foldText('It was “great”.'), '"great"') // { text: 'great', start: 8, end: 13 }
 */
export function locateQuote(answer: FoldedText, quote: string): LocatedQuote | null {
  const needle = foldText(quote.replace(WRAPPING, '')).folded
  if (needle.length < 2) return null
  const at = answer.folded.indexOf(needle)
  if (at < 0) return null
  const start = answer.from[at] as number
  const end = answer.to[at + needle.length - 1] as number
  return { text: answer.original.slice(start, end), start, end }
}

export type VerifiedCriterion = Omit<CriterionAssessment, 'evidence'> & { evidence: string[] }
export type VerifiedCorrection = Correction & { start: number; end: number }

export type QuoteCheck<C extends CriterionId> = {
  criteria: Record<C, VerifiedCriterion>
  corrections: VerifiedCorrection[]
  /** Quotes the model sent, and how many of them were not in the answer (dropped). */
  quotes: { checked: number; dropped: number }
}

/**
 * Keeps only the evidence and corrections whose quote is in the answer, replaced by the
 * student's exact characters; invented quotes are dropped and counted.
 *
 * @example
 * const { criteria, corrections, quotes } = verifyQuotes(toolInput, essay)
 * log.info('quotes checked', quotes)
 */
export function verifyQuotes<C extends CriterionId>(
  input: ScoringToolInput<C>,
  answer: string,
): QuoteCheck<C> {
  const folded = foldText(answer)
  let checked = 0
  let dropped = 0
  const find = (quote: string) => {
    checked++
    const found = locateQuote(folded, quote)
    if (!found) dropped++
    return found
  }
  const criteria = {} as Record<C, VerifiedCriterion>
  for (const [id, criterion] of Object.entries(input.criteria) as [C, CriterionAssessment][]) {
    const evidence = criterion.evidence.map(find).filter((q) => q !== null)
    criteria[id] = { ...criterion, evidence: [...new Set(evidence.map((q) => q.text))] }
  }
  const corrections: VerifiedCorrection[] = []
  for (const correction of input.corrections) {
    const found = find(correction.quote)
    if (found)
      corrections.push({ ...correction, quote: found.text, start: found.start, end: found.end })
  }
  return { criteria, corrections, quotes: { checked, dropped } }
}
