import type { ModuleId } from '../../../shared/modules'

export type WritingModule = Extract<ModuleId, 'academic_writing' | 'general_writing'>

/** Data an Academic Task 1 chart or table shows, given as text: a header row and rows. */
export type TableMaterial = {
  kind: 'table'
  chart: 'line_graph' | 'bar_chart' | 'pie_chart' | 'table'
  caption: string
  columns: string[]
  rows: string[][]
}
export type ProcessMaterial = { kind: 'process'; caption: string; steps: string[] }
export type MapsMaterial = {
  kind: 'maps'
  caption: string
  maps: { label: string; features: string[] }[]
}
export type LetterMaterial = {
  kind: 'letter'
  situation: string
  bullets: [string, string, string]
  tone: 'formal' | 'semi-formal' | 'informal'
  salutation: string
}
export type EssayMaterial = {
  kind: 'essay'
  essayType: 'opinion' | 'discussion' | 'advantages_disadvantages' | 'problem_solution' | 'two_part'
  topic: string
  question: string
}
export type TaskMaterial =
  | TableMaterial
  | ProcessMaterial
  | MapsMaterial
  | LetterMaterial
  | EssayMaterial

/** One prompt of the question bank. */
export type WritingTask = {
  id: string
  module: WritingModule
  task: 1 | 2
  title: string
  /** The rubric the student reads, ending with the minimum length. */
  instructions: string
  /** What the rubric refers to: the chart data, the letter's situation, the essay topic. */
  material: TaskMaterial
  minimumWords: 150 | 250
  suggestedMinutes: 20 | 40
}

/** Builders that keep the data files short and the rubric wording consistent. */
export const rubric = {
  academicTask1: (intro: string) =>
    `${intro} Summarise the information by selecting and reporting the main features, and make comparisons where relevant. Write at least 150 words.`,
  letter: (to: string) =>
    `Write a letter ${to}. Cover each of the three points below. You do not need to write any addresses. Write at least 150 words.`,
  essay: (ask: string) =>
    `Write about the following topic. ${ask} Give reasons for your answer and include any relevant examples from your own knowledge or experience. Write at least 250 words.`,
}

/** An Academic Task 1 prompt: a chart, table, process or map described by text data. */
export function academicTask1(
  id: string,
  title: string,
  intro: string,
  material: TableMaterial | ProcessMaterial | MapsMaterial,
): WritingTask {
  const instructions = rubric.academicTask1(intro)
  return { id, module: 'academic_writing', task: 1, title, instructions, material, ...TASK_1 }
}

/** A General Training Task 1 prompt: a letter with three bullet points and a tone. */
export function letterTask(
  id: string,
  title: string,
  to: string,
  material: Omit<LetterMaterial, 'kind'>,
): WritingTask {
  const instructions = rubric.letter(to)
  const letter: LetterMaterial = { kind: 'letter', ...material }
  return {
    id,
    module: 'general_writing',
    task: 1,
    title,
    instructions,
    material: letter,
    ...TASK_1,
  }
}

/** A Task 2 essay prompt of either module. */
export function essayTask(
  id: string,
  module: WritingModule,
  title: string,
  material: Omit<EssayMaterial, 'kind'>,
): WritingTask {
  const essay: EssayMaterial = { kind: 'essay', ...material }
  const instructions = rubric.essay(ESSAY_ASK[material.essayType])
  return { id, module, task: 2, title, instructions, material: essay, ...TASK_2 }
}

const TASK_1 = { minimumWords: 150, suggestedMinutes: 20 } as const
const TASK_2 = { minimumWords: 250, suggestedMinutes: 40 } as const

const ESSAY_ASK: Record<EssayMaterial['essayType'], string> = {
  opinion: 'Say to what extent you agree or disagree.',
  discussion: 'Discuss both views and give your own opinion.',
  advantages_disadvantages: 'Weigh the advantages against the disadvantages.',
  problem_solution: 'Explain the causes and suggest solutions.',
  two_part: 'Answer both questions.',
}
