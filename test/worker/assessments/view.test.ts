import { describe, expect, it } from 'vitest'
import type { AssessmentRecord } from '../../../worker/assessments/record'
import { assessmentBody, assessmentSummary, sortedKeys } from '../../../worker/assessments/view'

const record: AssessmentRecord = {
  id: '01JZ3K6Q9V8W7X6Y5Z4A3B2C1D',
  kind: 'writing',
  module: 'academic_writing',
  createdAt: '2031-03-04T12:00:00.000Z',
  overallBand: 6.5,
  provisional: true,
  title: 'Free public transport',
  result: {
    text: 'An essay.',
    criteria: [{ id: 'task_response', band: 6.5, evidence: ['An essay.'] }],
    model: {
      region: 'eu-west-1',
      id: 'eu.amazon.nova-micro-v1:0',
      usage: { outputTokens: 2, inputTokens: 1 },
    },
  },
}

/** The same record with every map's keys in another order, as DynamoDB may return it. */
function shuffled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffled)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, shuffled(v)]),
  )
}

describe('assessmentBody', () => {
  it('gives the same bytes whatever order the stored keys come back in', () => {
    const first = JSON.stringify(assessmentBody(record))
    expect(JSON.stringify(assessmentBody(shuffled(record) as AssessmentRecord))).toBe(first)
    expect(
      first.startsWith('{"assessment":{"id":"01JZ3K6Q9V8W7X6Y5Z4A3B2C1D","kind":"writing"'),
    ).toBe(true)
  })

  it('puts the summary fields first and the result whole', () => {
    expect(assessmentBody(record)).toEqual({
      assessment: { ...assessmentSummary(record), result: record.result },
    })
  })
})

describe('assessmentSummary', () => {
  it('keeps the list fields only: never the essay or transcript', () => {
    expect(assessmentSummary(record)).toEqual({
      id: record.id,
      kind: 'writing',
      module: 'academic_writing',
      title: 'Free public transport',
      overallBand: 6.5,
      provisional: true,
      createdAt: record.createdAt,
    })
  })
})

describe('sortedKeys', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(JSON.stringify(sortedKeys({ b: [{ d: 1, c: 2 }, 3], a: null }))).toBe(
      '{"a":null,"b":[{"c":2,"d":1},3]}',
    )
  })
})
