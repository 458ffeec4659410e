import { listAssessments } from '../assessments/history'
import type { AssessmentRecord } from '../assessments/record'
import type { AuthUser } from '../auth/context'
import type { DataClient } from '../data/client'
import { BAND_ESTIMATE_NOTE, estimatedWritingBand } from '../scoring/bands'
import type { WritingModule } from './tasks/types'

/** How many history pages to read looking for the latest Task 1 and Task 2. */
const MAX_PAGES = 10
const PAGE_SIZE = 50

export type TaskResult = { assessmentId: string; taskId: string; band: number; createdAt: string }

export type WritingBandEstimate = {
  module: WritingModule
  /** (Task 1 + 2 × Task 2) / 3, rounded like the overall band; null until both exist. */
  band: number | null
  task1: TaskResult | null
  task2: TaskResult | null
  estimate: true
  note: string
}

function taskResult(record: AssessmentRecord): TaskResult | null {
  const { task, taskId } = record.result as { task?: unknown; taskId?: unknown }
  if (record.overallBand === null || typeof taskId !== 'string' || (task !== 1 && task !== 2)) {
    return null
  }
  return { assessmentId: record.id, taskId, band: record.overallBand, createdAt: record.createdAt }
}

/**
 * The writing band of a module from the student's latest Task 1 and latest Task 2 results,
 * weighted as IELTS weights them (Task 2 counts double) and rounded by our code. Labelled
 * an estimate: IELTS publishes the weighting but not the rounding within the writing paper.
 *
 * @example
 * const estimate = await estimateWritingBand(c.get('data'), c.get('user'), 'academic_writing')
 */
export async function estimateWritingBand(
  data: DataClient,
  user: Pick<AuthUser, 'id' | 'homeRegion'>,
  module: WritingModule,
): Promise<WritingBandEstimate> {
  const latest: { 1: TaskResult | null; 2: TaskResult | null } = { 1: null, 2: null }
  let cursor: string | undefined
  for (let page = 0; page < MAX_PAGES && !(latest[1] && latest[2]); page++) {
    const { records, nextCursor } = await listAssessments(data, user, { limit: PAGE_SIZE, cursor })
    for (const record of records) {
      if (record.kind !== 'writing' || record.module !== module) continue
      const result = taskResult(record)
      const task = (record.result as { task: 1 | 2 }).task
      if (result && !latest[task]) latest[task] = result
    }
    if (!nextCursor) break
    cursor = nextCursor
  }
  const band = latest[1] && latest[2] ? estimatedWritingBand(latest[1].band, latest[2].band) : null
  return {
    module,
    band,
    task1: latest[1],
    task2: latest[2],
    estimate: true,
    note: BAND_ESTIMATE_NOTE,
  }
}
