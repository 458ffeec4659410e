import { describe, expect, it } from 'vitest'
import { foldedWords } from '../../../worker/scoring/text'
import {
  findWritingTask,
  listWritingTasks,
  renderTaskText,
  WRITING_TASKS,
} from '../../../worker/writing/question-bank'

describe('the writing question bank', () => {
  it('has at least 12 prompts for each module and task, with unique ids', () => {
    for (const module of ['academic_writing', 'general_writing'] as const)
      for (const task of [1, 2] as const)
        expect(listWritingTasks({ module, task }).length).toBeGreaterThanOrEqual(12)
    expect(new Set(WRITING_TASKS.map((t) => t.id)).size).toBe(WRITING_TASKS.length)
    expect(findWritingTask('gw-t1-03')?.module).toBe('general_writing')
    expect(findWritingTask('nope')).toBeUndefined()
  })

  it('gives Task 1 150 words and 20 minutes, Task 2 250 words and 40 minutes, stated in the rubric', () => {
    for (const t of WRITING_TASKS) {
      expect([t.minimumWords, t.suggestedMinutes]).toEqual(t.task === 1 ? [150, 20] : [250, 40])
      expect(t.instructions).toContain(`Write at least ${t.minimumWords} words.`)
    }
  })

  it('describes every Academic Task 1 visual as text data', () => {
    for (const t of listWritingTasks({ module: 'academic_writing', task: 1 })) {
      const m = t.material
      expect(['table', 'process', 'maps']).toContain(m.kind)
      if (m.kind === 'table') for (const row of m.rows) expect(row).toHaveLength(m.columns.length)
    }
    const kinds = listWritingTasks({ module: 'academic_writing', task: 1 }).map((t) =>
      t.material.kind === 'table' ? t.material.chart : t.material.kind,
    )
    expect(new Set(kinds)).toEqual(
      new Set(['line_graph', 'bar_chart', 'pie_chart', 'table', 'process', 'maps']),
    )
  })

  it('makes every General Task 1 a letter with three bullet points and a tone', () => {
    for (const t of listWritingTasks({ module: 'general_writing', task: 1 })) {
      expect(t.material).toMatchObject({ kind: 'letter', bullets: expect.any(Array) })
      if (t.material.kind === 'letter') expect(t.material.bullets).toHaveLength(3)
    }
  })

  it('covers the standard Task 2 essay types in each module', () => {
    for (const module of ['academic_writing', 'general_writing'] as const) {
      const types = listWritingTasks({ module, task: 2 }).map((t) =>
        t.material.kind === 'essay' ? t.material.essayType : '',
      )
      expect(new Set(types)).toEqual(
        new Set([
          'opinion',
          'discussion',
          'advantages_disadvantages',
          'problem_solution',
          'two_part',
        ]),
      )
    }
  })

  it('renders each prompt as the text the student reads, data included', () => {
    const text = renderTaskText(findWritingTask('aw-t1-08')!)
    expect(text).toContain('International students at Carrow University')
    expect(text).toContain('South Asia | 310 | 980 | 2,050')
    expect(foldedWords(renderTaskText(findWritingTask('gw-t1-01')!))).toContain('formal')
  })
})
