import { z } from '@hono/zod-openapi'
import { ACADEMIC_TASK_1 } from './tasks/academic-task-1'
import { ACADEMIC_TASK_2 } from './tasks/academic-task-2'
import { GENERAL_TASK_1 } from './tasks/general-task-1'
import { GENERAL_TASK_2 } from './tasks/general-task-2'
import type { WritingModule, WritingTask } from './tasks/types'

export type { WritingModule, WritingTask } from './tasks/types'

/** Every prompt, in a stable order: Academic Task 1, Academic Task 2, General Task 1, 2. */
export const WRITING_TASKS: readonly WritingTask[] = [
  ...ACADEMIC_TASK_1,
  ...ACADEMIC_TASK_2,
  ...GENERAL_TASK_1,
  ...GENERAL_TASK_2,
]

const byId = new Map(WRITING_TASKS.map((task) => [task.id, task]))

/**
 * The prompts of a module and/or task number.
 *
 * @example
 * listWritingTasks({ module: 'general_writing', task: 1 }).length // 12
 */
export function listWritingTasks(filter: { module?: WritingModule; task?: 1 | 2 } = {}) {
  return WRITING_TASKS.filter(
    (t) =>
      (filter.module === undefined || t.module === filter.module) &&
      (filter.task === undefined || t.task === filter.task),
  )
}

/** A prompt by id, or undefined. */
export function findWritingTask(id: string): WritingTask | undefined {
  return byId.get(id)
}

/**
 * The prompt as one text, as the student sees it: what the model is shown and what copied
 * rubric is detected against.
 *
 * @example
 * renderTaskText(findWritingTask('aw-t2-01')!) // 'Write about the following topic: …'
 */
export function renderTaskText(task: WritingTask): string {
  const m = task.material
  const body = (() => {
    switch (m.kind) {
      case 'table':
        return [m.caption, m.columns.join(' | '), ...m.rows.map((r) => r.join(' | '))].join('\n')
      case 'process':
        return [m.caption, ...m.steps.map((s, i) => `${i + 1}. ${s}`)].join('\n')
      case 'maps':
        return [m.caption, ...m.maps.map((x) => `${x.label}: ${x.features.join('; ')}.`)].join('\n')
      case 'letter':
        return [
          m.situation,
          ...m.bullets.map((b) => `- ${b}`),
          `Tone: ${m.tone}.`,
          `Begin: ${m.salutation}`,
        ].join('\n')
      case 'essay':
        return [m.topic, m.question].join('\n')
    }
  })()
  return `${task.instructions}\n\n${body}`
}

const MaterialSchema = z
  .object({ kind: z.enum(['table', 'process', 'maps', 'letter', 'essay']) })
  .catchall(z.unknown())
  .openapi('WritingTaskMaterial', {
    description:
      'What the rubric refers to. `table`: chart data as a header row and rows; `process`: ordered steps; `maps`: labelled maps with their features; `letter`: situation, three bullet points, tone and salutation; `essay`: topic and question.',
  })

export const WritingTaskSchema = z
  .object({
    id: z.string().openapi({ example: 'aw-t2-01' }),
    module: z.enum(['academic_writing', 'general_writing']),
    task: z.union([z.literal(1), z.literal(2)]),
    title: z.string(),
    instructions: z.string(),
    material: MaterialSchema,
    minimumWords: z.union([z.literal(150), z.literal(250)]),
    suggestedMinutes: z.union([z.literal(20), z.literal(40)]),
  })
  .openapi('WritingTask')
