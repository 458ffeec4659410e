import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { SCALAR_SCRIPT } from '../../../worker/docs/docs.routes'

describe('GET /docs', () => {
  it('serves the renderer from this worker under a policy that allows nothing from outside', async () => {
    const res = await exports.default.fetch('http://api.test/docs')
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toMatch(/https?:|\*/)
    const html = await res.text()
    expect(html).toContain(`<script src="${SCALAR_SCRIPT}"></script>`)
    expect(html).toContain('data-url="/openapi.json"')
    expect(html).not.toMatch(/src="https?:/)
  })

  it('serves the pinned Scalar standalone build as a static asset', async () => {
    // The asset router answers this path before the worker runs; here through its binding.
    const assets = (env as { ASSETS: Fetcher }).ASSETS
    const res = await assets.fetch(`http://api.test${SCALAR_SCRIPT}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect((await res.text()).length).toBeGreaterThan(1_000_000)
  })
})
