import { exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { WRITING_TASKS } from '../../../worker/writing/question-bank'

const get = (query = '') => exports.default.fetch(`http://api.test/api/writing/tasks${query}`)

describe('GET /api/writing/tasks', () => {
  // The first call loads the whole app into the isolate, which is slow on a busy machine.
  beforeAll(() => get(), 60_000)

  it('lists the whole bank, publicly cacheable', async () => {
    const res = await get()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600')
    const body = (await res.json()) as { tasks: { id: string }[] }
    expect(body.tasks.map((t) => t.id)).toEqual(WRITING_TASKS.map((t) => t.id))
  })

  it('filters by module and task', async () => {
    const res = await get('?module=general_writing&task=1')
    const { tasks } = (await res.json()) as {
      tasks: { module: string; task: number; material: { kind: string } }[]
    }
    expect(tasks.length).toBeGreaterThanOrEqual(12)
    expect(
      tasks.every(
        (t) => t.module === 'general_writing' && t.task === 1 && t.material.kind === 'letter',
      ),
    ).toBe(true)
    const task2 = (await (await get('?task=2')).json()) as {
      tasks: { task: number; minimumWords: number }[]
    }
    expect(task2.tasks.every((t) => t.task === 2 && t.minimumWords === 250)).toBe(true)
  })

  it('answers 400 VALIDATION_FAILED naming the bad filter', async () => {
    for (const [query, path] of [
      ['?module=academic_speaking', 'query.module'],
      ['?task=3', 'query.task'],
    ] as const) {
      const res = await get(query)
      expect(res.status).toBe(400)
      const body = (await res.json()) as {
        error: { code: string; details: { issues: { path: string }[] } }
      }
      expect(body.error.code).toBe('VALIDATION_FAILED')
      expect(body.error.details.issues[0]?.path).toBe(path)
    }
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await (await exports.default.fetch('http://api.test/openapi.json')).json()) as {
      paths: Record<string, unknown>
    }
    expect(doc.paths['/api/writing/tasks']).toHaveProperty('get')
  })
})
