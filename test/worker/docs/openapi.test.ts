import { exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'

type Media = { schema?: { $ref?: string }; example?: unknown; examples?: object }
type Operation = {
  operationId?: string
  tags?: string[]
  security?: Record<string, string[]>[]
  parameters?: { name: string; in: string; required?: boolean; schema?: { example?: unknown } }[]
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { content?: Record<string, Media> }>
}
type Document = {
  info: { contact?: object; license?: { name?: string } }
  tags?: { name: string; description?: string }[]
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, object> }
}

let doc: Document
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  )

beforeAll(async () => {
  const res = await exports.default.fetch('http://api.test/openapi.json')
  expect(res.status).toBe(200)
  doc = (await res.json()) as Document
})

// Redocly's lint (test/wrangler/openapi-lint.test.ts) checks the rules it has; these are the
// ones it has not: what a generated client and a reader of /docs need of every operation.
describe('/openapi.json', () => {
  it('names a contact and a license, and describes every tag an operation uses', () => {
    expect(doc.info.contact).toBeDefined()
    expect(doc.info.license?.name).toBeTruthy()
    const described = new Map(doc.tags?.map((tag) => [tag.name, tag.description]))
    for (const { op } of operations()) {
      for (const tag of op.tags ?? []) expect(described.get(tag), tag).toBeTruthy()
    }
  })

  it('gives every operation a unique camelCase operationId and explicit security', () => {
    const ids = operations().map(({ name, op }) => {
      expect(op.operationId, name).toMatch(/^[a-z][a-zA-Z0-9]+$/)
      expect(Array.isArray(op.security), name).toBe(true)
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) {
          expect(doc.components.securitySchemes[scheme], `${name}: ${scheme}`).toBeDefined()
        }
      }
      return op.operationId
    })
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('shows an example request and an example of every JSON success', () => {
    for (const { name, op } of operations()) {
      const body = op.requestBody?.content['application/json']
      if (op.requestBody) expect(body?.example, `${name} request body`).toBeDefined()
      for (const param of op.parameters ?? []) {
        if (param.in === 'path')
          expect(param.schema?.example, `${name} ${param.name}`).toBeDefined()
      }
      for (const [status, response] of Object.entries(op.responses)) {
        const json = response.content?.['application/json']
        if (status.startsWith('2') && json) expect(json.example, `${name} ${status}`).toBeDefined()
      }
    }
  })

  it('answers every 4xx and 5xx with the error schema and an example of each code it names', () => {
    for (const { name, op } of operations()) {
      // `/health` answers its own report when every region is down, as load balancers expect.
      const failures = Object.entries(op.responses).filter(
        ([status]) => /^[45]/.test(status) && !(op.operationId === 'getHealth' && status === '503'),
      )
      for (const [status, response] of failures) {
        const json = response.content?.['application/json']
        expect(json?.schema?.$ref, `${name} ${status}`).toBe('#/components/schemas/Error')
        expect(json?.examples, `${name} ${status}`).toBeDefined()
      }
    }
  })
})
