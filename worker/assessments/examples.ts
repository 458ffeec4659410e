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

const criterion = (id: string, name: string, band: number, justification: string) => ({
  band,
  evidence: ['In my view, this is an effective way to cut traffic'],
  id,
  improvements: ['Develop each main idea with a specific example'],
  justification,
  modelBand: band,
  name,
  strengths: ['A clear position stated in the introduction'],
})

/** A writing result as the worker stores it (the essay shortened). */
export const EXAMPLE_ASSESSMENT = {
  assessment: {
    ...EXAMPLE_SUMMARY,
    result: {
      bandNote: BAND_ESTIMATE_NOTE,
      completedAt: '2026-03-02T10:00:41.000Z',
      corrections: [
        {
          category: 'grammar',
          end: 344,
          quote: 'a expensive',
          start: 333,
          suggestion: 'an expensive',
        },
      ],
      criteria: [
        criterion('task_response', 'Task Response', 7, 'All parts of the task are addressed.'),
        criterion(
          'coherence_cohesion',
          'Coherence and Cohesion',
          6.5,
          'Ideas are logically organised.',
        ),
        criterion('lexical_resource', 'Lexical Resource', 6.5, 'A sufficient range of vocabulary.'),
        criterion(
          'grammatical_range_accuracy',
          'Grammatical Range and Accuracy',
          6,
          'A mix of simple and complex sentences.',
        ),
      ],
      examiner: 'amazon-nova-micro',
      model: {
        calls: 1,
        id: 'eu.amazon.nova-micro-v1:0',
        latencyMs: 2140,
        region: 'eu-west-1',
        repaired: false,
        usage: { inputTokens: 3223, outputTokens: 763 },
      },
      module: 'academic_writing',
      quotes: { checked: 6, dropped: 0 },
      rubricVersion: 'ielts-writing-2023-05/v1',
      rulesApplied: [],
      submittedAt: '2026-03-02T10:00:30.000Z',
      task: 2,
      taskBand: 6.5,
      taskId: 'aw-t2-01',
      text: EXAMPLE_ESSAY,
      words: { copiedFromPrompt: 0, counted: 268, minimum: 250, total: 268 },
    },
  },
}

/** A line of `GET /api/assessments`. */
export const EXAMPLE_ASSESSMENT_SUMMARY = EXAMPLE_SUMMARY
