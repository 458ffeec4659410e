import { BAND_ESTIMATE_NOTE } from '../scoring/bands'

/**
 * Example bodies for the OpenAPI document: one writing assessment as
 * `POST /api/writing/assessments` and `GET /api/assessments/{id}` answer it.
 */

export const EXAMPLE_ESSAY =
  'Several cities now run their buses and trains free of charge and pay for them from taxes. In my view, this is an effective way to cut traffic, but only when it comes with better services and limits on cars.'

const EXAMPLE_SUMMARY = {
  id: '01JZ3M2R4T6V8X0Z2B4D6F8H0K',
  kind: 'writing' as const,
  module: 'academic_writing' as const,
  title: 'Free public transport', // aw-t2-01's title
  overallBand: 6.5,
  provisional: true,
  createdAt: '2026-03-02T10:00:41.000Z',
}

const criterion = (band: number, justification: string) => ({
  band,
  justification,
  strengths: ['A clear position stated in the introduction'],
  improvements: ['Develop each main idea with a specific example'],
  evidence: ['In my view, this is an effective way to cut traffic'],
})

/** The writing result, abbreviated: the real one also has the corrections and model usage. */
export const EXAMPLE_ASSESSMENT = {
  assessment: {
    ...EXAMPLE_SUMMARY,
    result: {
      bandNote: BAND_ESTIMATE_NOTE,
      completedAt: '2026-03-02T10:00:41.000Z',
      criteria: {
        coherenceAndCohesion: criterion(6.5, 'Ideas are logically organised.'),
        grammaticalRangeAndAccuracy: criterion(6, 'A mix of simple and complex sentences.'),
        lexicalResource: criterion(6.5, 'A sufficient range of vocabulary.'),
        taskResponse: criterion(7, 'All parts of the task are addressed.'),
      },
      examiner: 'amazon-nova-micro',
      submittedAt: '2026-03-02T10:00:30.000Z',
      taskBand: 6.5,
      taskId: 'aw-t2-01',
      text: EXAMPLE_ESSAY,
      words: 268,
    },
  },
}

/** A line of `GET /api/assessments`. */
export const EXAMPLE_ASSESSMENT_SUMMARY = EXAMPLE_SUMMARY
