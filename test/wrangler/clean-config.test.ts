import { describe, expect, inject, it } from 'vitest'

const url = inject('cleanWorkerUrl')

// `wrangler dev` on the committed wrangler.toml, no secret, no local stack: what a Workers
// developer gets from `npx wrangler dev` on a fresh clone.
describe('wrangler dev with no secret', () => {
  it('answers /health 200, naming every region unconfigured and what would configure it', async () => {
    const res = await fetch(`${url}/health`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      status: string
      unconfigured: string[]
      missingVariables: string[]
    }
    expect(body.status).toBe('unconfigured')
    expect(body.unconfigured.sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1'])
    expect(body.missingVariables).toEqual(
      expect.arrayContaining(['EDGE_AWS_ACCESS_KEY_ID', 'EDGE_AWS_SECRET_ACCESS_KEY']),
    )
  })

  it.each([
    ['/api/catalog', 'application/json'],
    ['/api/writing/tasks?module=academic_writing&task=2', 'application/json'],
    ['/openapi.json', 'application/json'],
    ['/docs', 'text/html'],
  ])('answers %s with 200', async (path, type) => {
    const res = await fetch(`${url}${path}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain(type)
  })

  it('answers a route that needs the origins with 500 BAD_ENVIRONMENT naming the variables', async () => {
    const res = await fetch(`${url}/api/entitlements`, {
      headers: { authorization: 'Bearer x.y.z' },
    })
    // Auth runs first: the signing keys are not configured either.
    expect(res.status).toBe(500)
    const body = (await res.json()) as { error: { code: string; details: { variables: string[] } } }
    expect(body.error.code).toBe('BAD_ENVIRONMENT')
    expect(body.error.details.variables.length).toBeGreaterThan(0)
  })
})
