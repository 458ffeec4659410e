import { z } from '@hono/zod-openapi'
import { MAX_ANSWER_CHARS } from './assess'
import { findWritingTask } from './question-bank'

const TASK_ID = /^[a-z0-9-]{1,32}$/

/**
 * The answer as it is assessed, stored and fingerprinted: line breaks made `\n`, Unicode
 * NFC (an accent typed two ways is one text), whitespace trimmed at both ends. A retry that
 * differs only in these respects is the same request.
 *
 * @example
 * normaliseAnswer('  Dear Sir,\r\nI am writing…  ') // 'Dear Sir,\nI am writing…'
 */
export function normaliseAnswer(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC').trim()
}

/**
 * What makes a normalised answer unusable, or null: C0 control characters other than tab
 * and line feed, DEL, and unpaired UTF-16 surrogates (JSON can carry them, but UTF-8 storage
 * would replace them, so the stored essay would differ from the one assessed).
 */
export function answerProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f) {
      return 'the answer contains control characters; send plain text'
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return 'the answer contains an unpaired surrogate; send valid Unicode text'
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return 'the answer contains an unpaired surrogate; send valid Unicode text'
    }
  }
  return null
}

const AnswerText = z
  .string({ error: 'text must be a string' })
  .transform(normaliseAnswer)
  .pipe(
    z
      .string()
      .min(1, 'the answer is empty')
      .max(MAX_ANSWER_CHARS, `the answer is longer than ${MAX_ANSWER_CHARS} characters`)
      .superRefine((text, ctx) => {
        const problem = answerProblem(text)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
  )
  .openapi({
    type: 'string',
    minLength: 1,
    maxLength: MAX_ANSWER_CHARS,
    description: `The answer as plain text. Line breaks become \\n, the text is put in Unicode NFC and trimmed; then it must be 1–${MAX_ANSWER_CHARS} characters (UTF-16 code units, as JavaScript, Java and Kotlin count string length) without control characters other than tab and line feed.`,
  })

/**
 * `POST /api/writing/assessments`'s body. A task that does not exist, or belongs to the other
 * writing module, is a 400 `VALIDATION_FAILED` on `json.taskId` like any other invalid field:
 * the question bank (`GET /api/writing/tasks`) is public, so the app can always send a valid
 * pair. Nothing is charged before the body is valid.
 */
export const WritingSubmission = z
  .object({
    module: z.enum(['academic_writing', 'general_writing'], {
      error: 'module must be academic_writing or general_writing',
    }),
    taskId: z
      .string({ error: 'taskId must be a string' })
      .regex(TASK_ID, 'taskId is a task id from GET /api/writing/tasks, e.g. aw-t2-01')
      .openapi({ example: 'aw-t2-01' }),
    text: AnswerText,
  })
  .superRefine((body, ctx) => {
    const task = findWritingTask(body.taskId)
    if (!task) {
      ctx.addIssue({
        code: 'custom',
        path: ['taskId'],
        message: `there is no writing task ${body.taskId}; GET /api/writing/tasks lists them`,
      })
    } else if (task.module !== body.module) {
      ctx.addIssue({
        code: 'custom',
        path: ['taskId'],
        message: `task ${task.id} belongs to ${task.module}, not ${body.module}`,
      })
    }
  })
  .openapi('WritingSubmission')

export type WritingSubmission = z.infer<typeof WritingSubmission>
