import type { Band } from './bands'
import type { CriterionId } from './criteria'
import { checkLanguage, type LanguageCheck } from './language'
import { foldedWords } from './text'

/**
 * Deterministic rules from the public IELTS Writing band descriptors (updated May 2023),
 * applied by our code over whatever the model says:
 *
 * - Band 0 (every criterion): "used a language other than English throughout" — see
 *   `checkLanguage` for the detector. An answer with no rateable words left (empty, or
 *   nothing but copied prompt) is "did not attempt the question": also 0.
 * - Band 1 (every criterion): "Responses of 20 words or fewer are rated at Band 1."
 * - Task Achievement/Response band 1 also says "Any copied rubric must be discounted": words
 *   inside a run of {@link COPY_RUN_WORDS}+ words that also occurs in the prompt are not
 *   counted toward the length (or the 20-word rule).
 * - Under the minimum length (150 / 250 counted words) Task Achievement/Response is capped.
 *   The descriptors give no word-count penalty beyond the 20-word rule; IELTS says only
 *   that short answers lose marks. Our caps: below the minimum, at most 5 ("the main parts
 *   of the prompt are incompletely addressed" / key features or bullet points "not
 *   adequately covered"); below half the minimum, at most 4 ("the prompt is tackled in a
 *   minimal way" / "few key features have been selected").
 */

/** Runs of this many words shared with the prompt count as copied rubric. */
export const COPY_RUN_WORDS = 6
export const TWENTY_WORD_RULE = 20

export type AnswerFacts = {
  totalWords: number
  copiedWords: number
  countedWords: number
  minimumWords: number
  language: LanguageCheck
}

export type RuleId = 'not_english' | 'no_rateable_words' | 'twenty_words_or_fewer' | 'under_length'

/** A band fixed by rule for every criterion: the model is not asked. */
export type FixedBands = { kind: 'fixed'; band: Band; rule: RuleId; reason: string }
export type LengthCap = { kind: 'cap'; cap: Band; rule: 'under_length'; reason: string }

/**
 * Counts the words of an answer, how many of them are copied from the prompt, and
 * checks its language.
 *
 * @example
 * measureAnswer(essay, promptText, 250) // { totalWords: 262, copiedWords: 14, countedWords: 248, … }
 */
export function measureAnswer(answer: string, prompt: string, minimumWords: number): AnswerFacts {
  const essayWords = foldedWords(answer)
  const copied = copiedPositions(essayWords, foldedWords(prompt))
  return {
    totalWords: essayWords.length,
    copiedWords: copied.size,
    countedWords: essayWords.length - copied.size,
    minimumWords,
    language: checkLanguage(answer),
  }
}

/** Indices of answer words inside a run of `COPY_RUN_WORDS` words that the prompt contains. */
export function copiedPositions(answer: readonly string[], prompt: readonly string[]): Set<number> {
  const n = COPY_RUN_WORDS
  const runs = new Set<string>()
  for (let i = 0; i + n <= prompt.length; i++) runs.add(prompt.slice(i, i + n).join(' '))
  const copied = new Set<number>()
  for (let i = 0; i + n <= answer.length; i++) {
    if (!runs.has(answer.slice(i, i + n).join(' '))) continue
    for (let k = i; k < i + n; k++) copied.add(k)
  }
  return copied
}

/** The rule that decides every band without the model, if one applies. */
export function fixedBandsFor(facts: AnswerFacts): FixedBands | null {
  if (!facts.language.english) {
    return {
      kind: 'fixed',
      band: 0,
      rule: 'not_english',
      reason: 'The answer is not written in English.',
    }
  }
  if (facts.countedWords === 0) {
    return {
      kind: 'fixed',
      band: 0,
      rule: 'no_rateable_words',
      reason: 'The answer has no words of its own (copied prompt text is not counted).',
    }
  }
  if (facts.countedWords <= TWENTY_WORD_RULE) {
    return {
      kind: 'fixed',
      band: 1,
      rule: 'twenty_words_or_fewer',
      reason: `Answers of ${TWENTY_WORD_RULE} words or fewer are rated at band 1 (${facts.countedWords} counted).`,
    }
  }
  return null
}

/** The cap on Task Achievement/Response for an under-length answer, if any. */
export function lengthCapFor(facts: AnswerFacts): LengthCap | null {
  const { countedWords, minimumWords } = facts
  if (countedWords >= minimumWords) return null
  const cap = countedWords < minimumWords / 2 ? 4 : 5
  return {
    kind: 'cap',
    cap,
    rule: 'under_length',
    reason: `${countedWords} counted words, under the minimum of ${minimumWords}: capped at band ${cap}.`,
  }
}

/** The criterion a length cap applies to: Task Achievement (Task 1) or Task Response (Task 2). */
export function taskCriterion(criteria: readonly CriterionId[]): CriterionId {
  const id = criteria.find((c) => c === 'task_achievement' || c === 'task_response')
  if (!id) throw new TypeError('no task criterion among these criteria')
  return id
}
