import { describe, expect, it } from 'vitest'
import { checkLanguage } from '../../../worker/scoring/language'
import {
  COPY_RUN_WORDS,
  fixedBandsFor,
  lengthCapFor,
  measureAnswer,
} from '../../../worker/scoring/rules'
import { words } from '../../../worker/scoring/text'
import { findWritingTask, renderTaskText } from '../../../worker/writing/question-bank'
import { FRENCH_ESSAY, GOOD_ESSAY, SHORT_ESSAY, TWELVE_WORDS } from '../writing/essays'

const TASK = findWritingTask('aw-t2-01')!
const PROMPT = renderTaskText(TASK)
const measure = (text: string) => measureAnswer(text, PROMPT, 250)

describe('descriptor rules', () => {
  it('rates an answer of 20 words or fewer at band 1 on every criterion', () => {
    expect(words(TWELVE_WORDS)).toHaveLength(13)
    expect(fixedBandsFor(measure(TWELVE_WORDS))).toMatchObject({
      band: 1,
      rule: 'twenty_words_or_fewer',
    })
    const twenty = Array.from(
      { length: 20 },
      (_, i) => ['the', 'city', 'and', 'its', 'buses'][i % 5],
    ).join(' ')
    const twentyOne = `${twenty} more`
    expect(fixedBandsFor(measure(twenty))).toMatchObject({ band: 1 })
    expect(fixedBandsFor(measure(twentyOne))).toBeNull()
  })

  it('caps Task Response at 5 under the minimum and at 4 under half of it', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ')
    expect(lengthCapFor(measure(words(250)))).toBeNull()
    expect(lengthCapFor(measure(words(249)))).toMatchObject({ cap: 5, rule: 'under_length' })
    expect(lengthCapFor(measure(words(125)))).toMatchObject({ cap: 5 })
    expect(lengthCapFor(measure(words(124)))).toMatchObject({ cap: 4 })
    expect(lengthCapFor(measure(SHORT_ESSAY))).toMatchObject({ cap: 4 })
    expect(lengthCapFor(measure(GOOD_ESSAY))).toBeNull()
  })

  it('does not count text copied from the prompt toward the length', () => {
    const copied = `${TASK.material.kind === 'essay' ? TASK.material.topic : ''} ${GOOD_ESSAY}`
    const facts = measure(copied)
    expect(facts.copiedWords).toBeGreaterThanOrEqual(COPY_RUN_WORDS)
    expect(facts.countedWords).toBe(measure(GOOD_ESSAY).countedWords)
    expect(facts.totalWords).toBe(facts.countedWords + facts.copiedWords)
  })

  it('rates a copied prompt with nothing of the student’s own at band 0, and copied padding can fall under 20 words', () => {
    expect(fixedBandsFor(measure(PROMPT))).toMatchObject({ band: 0, rule: 'no_rateable_words' })
    const padded = `${PROMPT}\n${TWELVE_WORDS}`
    const facts = measure(padded)
    expect(facts.totalWords).toBeGreaterThan(60)
    expect(fixedBandsFor(facts)).toMatchObject({ band: 1, rule: 'twenty_words_or_fewer' })
  })

  it('rates an answer not in English at band 0', () => {
    expect(fixedBandsFor(measure(FRENCH_ESSAY))).toMatchObject({ band: 0, rule: 'not_english' })
    expect(fixedBandsFor(measure(GOOD_ESSAY))).toBeNull()
  })
})

describe('checkLanguage', () => {
  it('accepts English prose, including an answer with a few foreign words', () => {
    expect(checkLanguage(GOOD_ESSAY).english).toBe(true)
    expect(checkLanguage(`${GOOD_ESSAY} C'est la vie, as the French say.`).english).toBe(true)
  })

  it('refuses other scripts and other Latin-script languages', () => {
    expect(
      checkLanguage(
        '城市应该让公共交通免费，因为这样可以减少交通拥堵，也可以保护环境。我认为这是一个好主意。',
      ).english,
    ).toBe(false)
    expect(
      checkLanguage(
        'Города должны сделать общественный транспорт бесплатным, потому что это уменьшит пробки.',
      ).english,
    ).toBe(false)
    expect(
      checkLanguage(
        'Las ciudades deberían ofrecer transporte público gratuito porque reduce el tráfico y mejora la calidad del aire para todos los ciudadanos.',
      ).english,
    ).toBe(false)
    expect(
      checkLanguage(
        'Die Städte sollten den öffentlichen Verkehr kostenlos machen, weil dadurch weniger Autos in die Innenstadt fahren und die Luft sauberer wird.',
      ).english,
    ).toBe(false)
    expect(checkLanguage(FRENCH_ESSAY)).toMatchObject({ english: false })
  })
})
