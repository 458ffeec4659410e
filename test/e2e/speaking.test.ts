import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevStack, startDevStack } from './support/dev-stack'
import { devDataDir, npmRunLocal } from './support/local-cli'

type Session = {
  state: string
  overallBand: number
  assessmentId: string
  transcript: { turns: { speaker: string; part: number }[] }
  result: {
    criteria: { id: string; band: number }[]
    pronunciation: { band: number; observations: number } | null
    voiceExaminer: string
  }
}

describe('npm run dev + npm run local -- speak: a whole scripted speaking test', () => {
  let dev: DevStack
  beforeAll(async () => {
    // The stack passes it to the worker: every speaking timer × 0.02, a test in ~20 s.
    process.env.SPEAKING_TIME_SCALE = '0.02'
    dev = await startDevStack()
  })
  afterAll(async () => {
    expect(await dev.stop()).toBe(0)
  })

  async function api(path: string, init: RequestInit & { token?: string } = {}) {
    const res = await fetch(`${dev.apiUrl}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
    })
    return { status: res.status, json: (await res.json()) as Record<string, unknown> }
  }

  it('buys the module, holds Parts 1–3 with the emulated examiner, and prints a stored result', {
    timeout: 240_000,
  }, async () => {
    const email = `e2e-speaking-${crypto.randomUUID()}@example.test`
    const password = `pw-${crypto.randomUUID()}`
    const registered = await api('/api/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email, password }),
    })
    expect(registered.status).toBe(201)
    const token = registered.json.accessToken as string

    const run = await npmRunLocal(devDataDir(dev), [
      'speak',
      'general_speaking',
      '--email',
      email,
      '--password',
      password,
    ])
    const out = run.stdout
    const parts = [...out.matchAll(/^— Part (\d)/gm)].map((m) => Number(m[1]))
    expect(parts).toEqual([1, 2, 3])
    expect(out).toMatch(/^ {2}card: Describe /m)
    expect(out).toMatch(/^you: {6}My name is Daniela Reyes/m)
    expect(out).toMatch(/^notice: {3}SPEAK_NOW/m)
    expect(out).toMatch(/^— finished: completed$/m)
    expect(out).toMatch(/examiner audio received: [1-9]\d* KiB/)
    expect(out).toMatch(/^overall band \d(\.5)?$/m)
    const assessmentId = /assessment (\w{26})/.exec(out)?.[1]
    expect(assessmentId).toBeDefined()

    const sessionId = /^session (\w{26})/m.exec(out)?.[1]
    const session = (await api(`/api/nova-sonic/sessions/${sessionId}`, { token })).json as Session
    expect(session.state).toBe('scored')
    expect(session.assessmentId).toBe(assessmentId)
    expect(session.result.criteria.map((c) => c.id)).toEqual([
      'fluency_coherence',
      'lexical_resource',
      'grammatical_range_accuracy',
    ])
    // 6, 7, 7 from the emulated examiner's tool → 6.67 → 6.5 (our rounding).
    expect(session.result.pronunciation).toMatchObject({ band: 6.5, observations: 3 })
    expect(session.result.voiceExaminer).toBe('local-emulator')
    expect(new Set(session.transcript.turns.map((t) => t.part))).toEqual(new Set([1, 2, 3]))

    const history = await api('/api/assessments', { token })
    const listed = history.json.assessments as { id: string; kind: string }[]
    expect(listed).toContainEqual(expect.objectContaining({ id: assessmentId, kind: 'speaking' }))
    const entitlements = (await api('/api/entitlements', { token })).json.entitlements as {
      module: string
      used: number
    }[]
    expect(entitlements.find((e) => e.module === 'general_speaking')?.used).toBe(1)
  })
})
