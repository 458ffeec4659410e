import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { callApp } from '../support/stack'

type Operation = {
  security?: unknown
  parameters?: { name: string; in: string }[]
  responses: Record<string, unknown>
  requestBody?: { content: Record<string, { schema: unknown }> }
}

describe('the writing and history routes in /openapi.json', () => {
  it('documents the submission (Idempotency-Key, every answer) and both history routes with bearer security', async () => {
    const res = await callApp(env)('/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>> }
    const submit = doc.paths['/api/writing/assessments']?.post
    expect(submit?.security).toEqual([{ bearerAuth: [] }])
    expect(submit?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'idempotency-key', in: 'header' })]),
    )
    expect(Object.keys(submit?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '401', '402', '409', '422', '429', '502']),
    )
    expect(submit?.requestBody?.content['application/json']).toBeDefined()
    expect(doc.paths['/api/assessments']?.get?.security).toEqual([{ bearerAuth: [] }])
    const one = doc.paths['/api/assessments/{id}']?.get
    expect(one?.security).toEqual([{ bearerAuth: [] }])
    expect(Object.keys(one?.responses ?? {})).toEqual(expect.arrayContaining(['200', '404']))
  })
})
