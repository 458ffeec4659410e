import { describe, expect, it } from 'vitest'
import type { ScoringToolInput } from '../../../worker/scoring/criteria'
import { locateQuote, verifyQuotes } from '../../../worker/scoring/quotes'
import { foldText } from '../../../worker/scoring/text'

const ANSWER =
  'Cities are “crowded” — very crowded.\n\nThe ﬁrst  step is to  invest… in buses; café owners agree.'

describe('locateQuote', () => {
  it('matches across whitespace, typographic quotes, dashes, ligatures, case and accents', () => {
    const folded = foldText(ANSWER)
    expect(locateQuote(folded, 'cities are "crowded" - very crowded')?.text).toBe(
      'Cities are “crowded” — very crowded',
    )
    expect(locateQuote(folded, 'The first step is to invest... in buses')?.text).toBe(
      'The ﬁrst  step is to  invest… in buses',
    )
    expect(locateQuote(folded, 'cafe\u0301 owners agree.')?.text).toBe('café owners agree')
  })

  it('returns the student’s characters and their offsets', () => {
    const found = locateQuote(foldText(ANSWER), '“crowded”')
    expect(found).toEqual({ text: 'crowded', start: 12, end: 19 })
    expect(ANSWER.slice(found!.start, found!.end)).toBe('crowded')
  })

  it('finds nothing for words the student did not write', () => {
    expect(locateQuote(foldText(ANSWER), 'cities are quiet')).toBeNull()
    expect(locateQuote(foldText(ANSWER), 'crowded cities')).toBeNull()
  })
})

describe('verifyQuotes', () => {
  const input: ScoringToolInput<'lexical_resource'> = {
    criteria: {
      lexical_resource: {
        band: 6,
        justification: 'ok',
        strengths: [],
        improvements: [],
        evidence: ['very crowded', 'This was never written.', 'VERY CROWDED'],
      },
    },
    corrections: [
      { quote: 'invest… in buses', suggestion: 'invest in buses', category: 'punctuation' },
      { quote: 'the goverments has', suggestion: 'the governments have', category: 'grammar' },
    ],
  }

  it('drops invented quotes, counts them, and keeps real ones in the student’s wording', () => {
    const checked = verifyQuotes(input, ANSWER)
    expect(checked.quotes).toEqual({ checked: 5, dropped: 2 })
    expect(checked.criteria.lexical_resource.evidence).toEqual(['very crowded'])
    expect(checked.corrections).toEqual([
      {
        quote: 'invest… in buses',
        suggestion: 'invest in buses',
        category: 'punctuation',
        start: 60,
        end: 76,
      },
    ])
  })
})
