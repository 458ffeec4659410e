import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { errorContent, jsonResponse, PUBLIC } from '../http/openapi'
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

const Tasks = z.object({ tasks: z.array(WritingTaskSchema) }).openapi('WritingTasks')

export const writingTasksRoute = createRoute({
  method: 'get',
  path: '/api/writing/tasks',
  operationId: 'listWritingTasks',
  tags: ['Writing'],
  summary: 'The writing question bank, optionally filtered by module and task',
  security: PUBLIC,
  request: { query: Query },
  responses: {
    200: jsonResponse('The matching prompts', Tasks, {
      tasks: listWritingTasks({ module: 'academic_writing', task: 2 }).slice(0, 1),
    }),
    400: errorContent('`VALIDATION_FAILED`: an unknown module or task number'),
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
