import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

const LOOPBACK = /^(?:https?|wss?):\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?\//

/** Debian's `chromium` (installed by `.ci/run` when missing), or `CHROMIUM_PATH`. */
function chromiumPath(): string {
  const named = process.env.CHROMIUM_PATH
  if (named) return named
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate
  }
  const found = execFileSync('sh', ['-c', 'command -v chromium || true']).toString().trim()
  if (!found) throw new Error('Chromium is not installed: apt-get install -y chromium')
  return found
}

const baseUrl = inject('cleanWorkerUrl')
const profile = mkdtempSync(join(tmpdir(), 'ielts-chromium-'))
let context: BrowserContext
const leaving: string[] = []

beforeAll(async () => {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No name resolves but loopback: whatever slips past the interception below.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  })
  // The network is cut off except loopback; every attempt to leave is recorded.
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (LOOPBACK.test(url)) return route.continue()
    leaving.push(url)
    return route.abort('internetdisconnected')
  })
}, 60_000)

afterAll(async () => {
  await context?.close()
  rmSync(profile, { recursive: true, force: true })
})

describe('GET /docs in Chromium with no network but loopback', () => {
  it('renders every tag and the operations, loading nothing from outside', async () => {
    const spec = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
      tags: { name: string }[]
    }
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(String(error)))
    const res = await page.goto(`${baseUrl}/docs`)
    expect(res?.status()).toBe(200)
    await page
      .getByText('Sign in with email and password')
      .first()
      .waitFor({ state: 'attached', timeout: 60_000 })
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not the DOM's text
    const text = await page.locator('body').innerText()
    for (const tag of spec.tags) expect(text, tag.name).toContain(tag.name)
    expect(text).toContain('Score a writing answer')
    expect(leaving).toEqual([])
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([])
    await page.close()
  })
})
