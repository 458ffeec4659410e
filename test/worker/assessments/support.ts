import { type AssessmentRecord, newAssessmentId } from '../../../worker/assessments/record'

/** A speaking result as the speaking feature stores it, put directly. */
export function speakingRecord(at: Date): AssessmentRecord {
  return {
    id: newAssessmentId(at),
    kind: 'speaking',
    module: 'general_speaking',
    createdAt: at.toISOString(),
    overallBand: 6.5,
    provisional: true,
    title: 'Speaking mock test',
    result: {
      transcript: [{ part: 1, speaker: 'candidate', text: 'I live in a small town.' }],
      criteria: { fluency_coherence: 6.5, pronunciation: null },
      pronunciation: { assessed: false },
    },
  }
}
