import { describe, expect, it } from 'vitest'
import { SESSION_TIMINGS } from '../../../../worker/speaking/config'
import {
  newSessionMeta,
  type SessionMeta,
  wakeAt,
} from '../../../../worker/speaking/live/session-meta'
import { publicState, sessionView } from '../../../../worker/speaking/live/session-view'

// A fresh session as the object stores it (created at 1_000), with `over` applied.
const meta = (over: Partial<SessionMeta> = {}): SessionMeta => ({
  ...newSessionMeta(
    {
      id: '0123456789ABCDEFGHJKMNPQRS',
      userId: 'u',
      homeRegion: 'eu-west-1',
      module: 'academic_speaking',
      plan: { part1Id: 'x', cardId: 'y' },
      charge: { key: 'k', fingerprint: 'f', attempt: 'a' },
      regions: ['eu-west-1'],
      timeScale: 1,
      latencyNotice: null,
    },
    1_000,
  ),
  ...over,
})

describe('what a session shows and when it wakes', () => {
  it('maps internal states to the app’s: a pending refund already reads failed', () => {
    expect(publicState(meta())).toBe('created')
    const scoring = { action: 'score' as const, attempts: 0, nextAt: 0, failure: null }
    expect(publicState(meta({ status: 'settling', settlement: scoring }))).toBe('scoring')
    const refund = {
      action: 'refund' as const,
      attempts: 1,
      nextAt: 0,
      failure: 'NOTHING_SAID' as const,
    }
    const pending = sessionView(
      meta({ status: 'settling', settlement: refund }),
      { part: null, phase: null },
      null,
    )
    expect(pending).toMatchObject({
      state: 'failed',
      failure: { code: 'NOTHING_SAID', slotRestored: false },
    })
    const done = sessionView(
      meta({ status: 'failed', failure: 'NOTHING_SAID' }),
      { part: null, phase: null },
      null,
    )
    expect(done.failure).toMatchObject({ slotRestored: true })
    expect(
      sessionView(meta({ status: 'scored' }), { part: null, phase: null }, null).failure,
    ).toBeNull()
  })

  it('wakes for the start deadline, the earliest live timer, a settling retry, the purge', () => {
    expect(wakeAt(meta(), null, false)).toBe(601_000)
    const live = meta({ status: 'live', endBy: 5_000_000, disconnectedAt: 100_000 })
    expect(wakeAt(live, 200_000, true)).toBe(100_000 + SESSION_TIMINGS.reconnectGraceMs)
    expect(wakeAt(meta({ status: 'live', endBy: 5_000_000 }), 200_000, true)).toBe(200_000)
    expect(wakeAt(meta({ status: 'live', endBy: 5_000_000 }), null, true)).toBe(5_000_000)
    const settling = { action: 'score' as const, attempts: 1, nextAt: 42, failure: null }
    expect(wakeAt(meta({ status: 'settling', settlement: settling }), null, false)).toBe(42)
    expect(wakeAt(meta({ status: 'scored', purgeAt: 99 }), null, false)).toBe(99)
    // Restarted mid-test: wait for the app until the grace runs out.
    const restarted = meta({ status: 'live', endBy: 5_000_000, disconnectedAt: 7_000 })
    expect(wakeAt(restarted, null, false)).toBe(7_000 + SESSION_TIMINGS.reconnectGraceMs)
  })
})
