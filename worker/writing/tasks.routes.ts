import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from '../types'
import { listWritingTasks, WritingTaskSchema } from './question-bank'

const Query = z.object({
  module: z
    .enum(['academic_writing', 'general_writing'])
    .optional()
    .openapi({ description: 'Only prompts of this writing module.' }),
  task: z
    .enum(['1', '2'], { error: 'task must be 1 or 2' })
    .transform(Number)
    .pipe(z.union([z.literal(1), z.literal(2)]))
    .optional()
    .openapi({
      type: 'string',
      enum: ['1', '2'],
      description: 'Only Task 1 or only Task 2 prompts.',
    }),
})

const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
})

export const writingTasksRoute = createRoute({
  method: 'get',
  path: '/api/writing/tasks',
  tags: ['Writing'],
  summary: 'The writing question bank, optionally filtered by module and task',
  request: { query: Query },
  responses: {
    200: {
      description: 'The matching prompts',
      content: { 'application/json': { schema: z.object({ tasks: z.array(WritingTaskSchema) }) } },
    },
    400: {
      description: 'An unknown module or task number',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
})

/** `GET /api/writing/tasks`: public and static, so cacheable by the app and the CDN. */
export function registerWritingTasks(app: OpenAPIHono<AppEnv>) {
  app.openapi(writingTasksRoute, (c) => {
    const tasks = listWritingTasks(c.req.valid('query'))
    c.header('Cache-Control', 'public, max-age=3600')
    return c.json({ tasks }, 200)
  })
}
