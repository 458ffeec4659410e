import { describe, expect, it } from 'vitest'
import { keys } from '../../../../shared/keys'
import { ConditionFailedError } from '../../../../worker/data/client'
import { grantSlotsOp } from '../../../../worker/entitlements/slots'
import { beginCharge, completeCharge } from '../../../../worker/idempotency/charge'
import { newSessionMeta, type SessionMeta } from '../../../../worker/speaking/live/session-meta'
import { chargeOf, refundSession } from '../../../../worker/speaking/live/settle'
import { dataClient } from '../../support/stack'
import { omittingFailedItems } from '../../support/terse-data'

const data = dataClient()
const homeRegion = 'eu-west-1' as const
const now = () => new Date()

/** A session whose charge has started: one of the user's two speaking slots is consumed. */
async function chargedSession(): Promise<SessionMeta> {
  const userId = crypto.randomUUID()
  await data.write([grantSlotsOp(userId, 'academic_speaking', 2, now().toISOString())], {
    homeRegion,
  })
  const key = crypto.randomUUID()
  const charge = {
    userId,
    homeRegion,
    scope: 'speaking' as const,
    key,
    fingerprint: 'body-hash',
    module: 'academic_speaking' as const,
    now: now(),
  }
  const outcome = await beginCharge(data, charge)
  if (outcome.state !== 'started') throw new Error('expected a started charge')
  return newSessionMeta(
    {
      id: crypto.randomUUID(),
      userId,
      homeRegion: homeRegion,
      module: 'academic_speaking',
      plan: { part1Id: 'p1', cardId: 'c1' },
      charge: { key, fingerprint: charge.fingerprint, attempt: outcome.attempt },
      regions: [homeRegion],
      timeScale: 1,
      latencyNotice: null,
    },
    Date.now(),
  )
}

async function slotsOf(meta: SessionMeta) {
  const read = { homeRegion, consistent: true }
  const item = await data.get(keys.entitlement(meta.userId, 'academic_speaking'), read)
  return { remaining: item?.remaining, used: item?.used }
}

async function chargeRecord(meta: SessionMeta) {
  const key = keys.idempotency(meta.userId, 'speaking', meta.charge.key)
  return data.get(key, { homeRegion, consistent: true })
}

describe('refundSession', () => {
  it('gives the slot back and releases the key, once, however often it runs', async () => {
    const meta = await chargedSession()
    await refundSession({ data, now }, meta)
    await refundSession({ data, now }, meta)
    await refundSession({ data: omittingFailedItems(data), now }, meta)
    expect(await slotsOf(meta)).toEqual({ remaining: 2, used: 0 })
    expect(await chargeRecord(meta)).toBeNull()
  })

  it('re-reads the key when the failed condition omits the item, and fails while it stands', async () => {
    const meta = await chargedSession()
    // The result landed first: the key is completed, so nothing may be given back.
    await completeCharge(data, chargeOf(meta, now()), meta.charge.attempt, {
      status: 201,
      resultId: meta.id,
      ops: [],
    })
    const refunded = refundSession({ data: omittingFailedItems(data), now }, meta)
    await expect(refunded).rejects.toBeInstanceOf(ConditionFailedError)
    expect(await slotsOf(meta)).toEqual({ remaining: 1, used: 1 })
    expect(await chargeRecord(meta)).toMatchObject({ state: 'completed', resultId: meta.id })
  })

  it('fails when only the slot could not be given back (the key still stands)', async () => {
    const meta = await chargedSession()
    await data.write(
      [
        {
          update: {
            key: keys.entitlement(meta.userId, 'academic_speaking'),
            set: { used: 0 },
          },
        },
      ],
      { homeRegion },
    )
    const refunded = refundSession({ data, now }, meta)
    await expect(refunded).rejects.toBeInstanceOf(ConditionFailedError)
    expect(await chargeRecord(meta)).toMatchObject({ state: 'in_progress' })
  })
})
