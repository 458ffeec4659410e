import { foldedWords } from './text'

// The most frequent English function words. In English prose they are 40–50% of all
// words; in French, Spanish, German or Dutch prose only the few that coincide ("a", "in",
// "so", "is") appear, well under 20%.
const COMMON_ENGLISH = new Set(
  (
    'the of and to a an in is are was were be been being it its that this these those for on ' +
    'with as at by from or but not no if then than so because although while which who whom ' +
    'whose what when where why how there their they them he she his her him we our us you ' +
    'your i me my mine can could will would should may might must do does did done have has ' +
    'had having more most many much some any all each other such only also very into about ' +
    'over after before between through during without under up out one two people time ' +
    'however therefore moreover furthermore'
  ).split(' '),
)

/** Below this share of ASCII letters among all letters, the text is not in English. */
export const MIN_LATIN_SHARE = 0.5
/** Below this share of common English words (with at least 10 words), it is not either. */
export const MIN_COMMON_ENGLISH_SHARE = 0.2
const MIN_WORDS_TO_JUDGE = 10

export type LanguageCheck = {
  english: boolean
  /** ASCII letters among all letters. */
  latinShare: number
  /** Words of the text that are among the most common English words. */
  commonEnglishShare: number
}

/**
 * A deterministic "is this English?" test, for the descriptors' band 0 rule ("used a
 * language other than English throughout"): a text is English unless most of its letters
 * are not ASCII (another script: Chinese, Arabic, Cyrillic…) or, with 10 words or more,
 * fewer than 20% of its words are common English words (another Latin-script language).
 * Short texts are not judged here: the 20-word rule already decides them.
 *
 * @example
 * checkLanguage('Les villes devraient investir dans les transports publics…').english // false
 */
export function checkLanguage(text: string): LanguageCheck {
  const letters = text.match(/\p{L}/gu) ?? []
  const ascii = letters.filter((ch) => /[A-Za-z]/.test(ch)).length
  const latinShare = letters.length === 0 ? 1 : ascii / letters.length
  const all = foldedWords(text).filter((w) => /\p{L}/u.test(w))
  const common = all.filter((w) => COMMON_ENGLISH.has(w)).length
  const commonEnglishShare = all.length === 0 ? 1 : common / all.length
  const judged = all.length >= MIN_WORDS_TO_JUDGE
  const english =
    letters.length === 0 ||
    (latinShare >= MIN_LATIN_SHARE && (!judged || commonEnglishShare >= MIN_COMMON_ENGLISH_SHARE))
  return { english, latinShare, commonEnglishShare }
}
