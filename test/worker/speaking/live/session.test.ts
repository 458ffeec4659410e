import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { keys, userPartition } from '../../../../shared/keys'
import { dataClient } from '../../support/stack'
import { authHeaders } from '../../support/users'
import {
  actAsCandidate,
  createSession,
  type Json,
  openStream,
  pathOf,
  remainingSlots,
  scriptSession,
  sessionRecord,
  sessionStub,
  speakingApp,
  userWithSlots,
  waitForSession,
} from '../support'

const observation = (descriptorLevel: number, feature = 'word_stress') => ({
  feature,
  effect: descriptorLevel >= 7 ? 'helps' : 'hinders',
  evidence: `stress on the second syllable of "develop" (${descriptorLevel})`,
  descriptorLevel,
})

/** No binary and no long base64 run (audio would be one) anywhere in a stored value. */
function assertNoAudio(value: unknown, where: string): void {
  const walk = (v: unknown, path: string) => {
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) throw new Error(`binary at ${path}`)
    if (typeof v === 'string' && /[A-Za-z0-9+/]{120,}={0,2}/.test(v)) {
      throw new Error(`base64-like run at ${path}`)
    }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`)
  }
  walk(value, where)
}

async function storedValues(id: string): Promise<Map<string, unknown>> {
  return runInDurableObject(sessionStub(id), (_instance, state) => state.storage.list())
}

describe('a speaking test through the worker and the Nova Sonic emulator', {
  timeout: 60_000,
}, () => {
  it('holds the three parts in order, keeps only text, and stores a scored result', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    expect(created.state).toBe('created')
    expect((await remainingSlots(user))?.remaining).toBe(0)
    await scriptSession(created.id, {
      pauseMs: 300,
      studentTurns: [
        'My name is Ana Costa and I come from Porto in Portugal.',
        'I am studying chemistry because I have always been curious about how things work.',
        'I usually spend my weekends with my family, although I sometimes go hiking.',
      ],
      pronunciation: [
        { afterStudentTurn: 1, input: observation(6) },
        { afterStudentTurn: 2, input: observation(7, 'intonation') },
        { afterStudentTurn: 3, input: observation(7, 'chunking') },
      ],
    })
    const { status, app } = await openStream(call, pathOf(created.streamUrl))
    expect(status).toBe(101)
    if (!app) throw new Error('no stream')
    actAsCandidate(app)
    app.send({ type: 'ready' })

    await app.waitFor(
      (a) => a.of('part_started').length === 1 && a.of('user_transcript').length >= 1,
    )
    // Mid-test: the transcript is in the object's storage, and nothing audio is.
    const live = await storedValues(created.id)
    const transcript = live.get('transcript') as { turns: { speaker: string }[] }
    expect(transcript.turns.some((t) => t.speaker === 'candidate')).toBe(true)
    for (const [key, value] of live) assertNoAudio(value, key)

    await app.waitFor((a) => a.of('finished').length === 1, 40_000)
    expect(app.of('part_started').map((e) => e.part)).toEqual([1, 2, 3])
    expect(app.of('part_started')[1]).toMatchObject({ card: { task: expect.any(String) } })
    expect(app.of('notice').map((e) => e.code)).toContain('SPEAK_NOW')
    expect(app.of('finished')[0]).toEqual({ type: 'finished', reason: 'completed' })
    expect(app.audioFrames).toBeGreaterThan(0)
    expect(app.of('user_transcript')[0]?.text).toBe(
      'My name is Ana Costa and I come from Porto in Portugal.',
    )

    const done = await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    const result = done.result as Json
    expect(result.criteria.map((c: { id: string }) => c.id)).toEqual([
      'fluency_coherence',
      'lexical_resource',
      'grammatical_range_accuracy',
    ])
    // 6, 7, 7 → 6.67 → 6.5, by our code; three observations are enough not to be provisional.
    expect(result.pronunciation).toMatchObject({ band: 6.5, observations: 3, provisional: false })
    const bands = [...result.criteria.map((c: { band: number }) => c.band), 6.5]
    const mean = bands.reduce((a: number, b: number) => a + b, 0) / 4
    expect(done.overallBand).toBe(Math.floor(mean * 2 + 0.5) / 2)
    expect(done.provisional).toBe(false)
    const turns = (done.transcript as { turns: { speaker: string; part: number }[] }).turns
    expect(new Set(turns.map((t) => t.part))).toEqual(new Set([1, 2, 3]))
    expect(turns.filter((t) => t.speaker === 'candidate').length).toBeGreaterThanOrEqual(3)
    expect(result.transcript.turns).toEqual(turns)

    // The emulator heard every tool result answered and the parts on fresh streams.
    const heard = await sessionRecord(created.id)
    expect(heard.streams.length).toBeGreaterThanOrEqual(3)
    expect(heard.streams.flatMap((s) => s.toolResults).length).toBe(3)

    // After scoring the object keeps no content at all; the table holds text only.
    const after = await storedValues(created.id)
    expect([...after.keys()]).toEqual(['meta'])
    for (const [key, value] of after) assertNoAudio(value, key)
    const items = await dataClient().query(
      { pk: userPartition(user.id), consistent: true },
      { homeRegion: user.homeRegion as 'us-east-1' },
    )
    for (const item of items.items) assertNoAudio(item, `${item.sk}`)
    const record = await dataClient().get(keys.assessment(user.id, done.assessmentId as string), {
      homeRegion: user.homeRegion as 'us-east-1',
      consistent: true,
    })
    expect(record).toMatchObject({ kind: 'speaking', module: 'academic_speaking' })

    // The history shows it too.
    const history = await call('/api/assessments', { headers: authHeaders(user.accessToken) })
    const listed = (await history.json()) as { assessments: { id: string; kind: string }[] }
    expect(listed.assessments.map((a) => a.id)).toContain(done.assessmentId)
  })

  it('reports pronunciation as not assessed (null, with a reason) when the examiner recorded none', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    await scriptSession(created.id, { pauseMs: 300, studentTurns: ['I live in a small flat.'] })
    const { app } = await openStream(call, pathOf(created.streamUrl))
    if (!app) throw new Error('no stream')
    actAsCandidate(app)
    app.send({ type: 'ready' })
    await app.waitFor((a) => a.of('user_transcript').length >= 2)
    app.send({ type: 'finish' })
    await app.waitFor((a) => a.of('finished').length === 1)
    expect(app.of('finished')[0]?.reason).toBe('candidate_finished')

    const done = await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    const result = done.result as Json
    expect(result.pronunciation).toBeNull()
    expect(result.pronunciationNote).toMatch(/no pronunciation evidence/)
    expect(done.provisional).toBe(true)
    const three = result.criteria.map((c: { band: number }) => c.band)
    const mean = three.reduce((a: number, b: number) => a + b, 0) / 3
    expect(done.overallBand).toBe(Math.floor(mean * 2 + 0.5) / 2)
    expect(result.finishReason).toBe('candidate_finished')
  })
})
