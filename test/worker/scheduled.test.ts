import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { keys } from '../../shared/keys'
import { createLogger } from '../../shared/log'
import worker from '../../worker/index'
import { consumeQueue } from '../../worker/purchases/google/consume'
import { googleClaimId } from '../../worker/purchases/google/verify'
import { purchaseWithGoogle } from '../../worker/purchases/purchase-google'
import { runScheduledJobs, SCHEDULED_JOBS } from '../../worker/scheduled'
import { dataClient, emulator, purchaseDeps, testUser } from './purchases/support'
import { eventually } from './support/eventually'

type PlayState = { consumptionState: number; consumeCalls: number }

/**
 * A Play purchase whose consume failed after the grant, under a package of its own so no
 * other test's queue entries mix in (the worker's environment names that package).
 */
async function grantedWithFailedConsume() {
  const packageName = `com.ieltsgenaiprep.cron${crypto.randomUUID().slice(0, 8)}`
  const scoped = { ...env, GOOGLE_PLAY_PACKAGE_NAME: packageName }
  const user = testUser()
  const minted = await emulator<{ productId: string; purchaseToken: string }>(
    'google',
    '/_admin/purchases',
    { module: 'academic_writing', userId: user.id, packageName, failConsumes: 1 },
  )
  const result = await purchaseWithGoogle(purchaseDeps({ env: scoped }), user, minted)
  expect(result.consumption).toBe('pending')
  const purchaseKey = keys.purchase(user.id, 'google', await googleClaimId(minted.purchaseToken))
  return { scoped, user, minted, packageName, purchaseKey }
}

/** The consume queue is a sparse global secondary index: eventually consistent. */
async function queued(packageName: string) {
  const { items } = await dataClient().query({ pk: consumeQueue(packageName), index: 'gsi1' })
  return items
}

/** Waits until the index shows the failed attempt (the retry pushed a minute back). */
const untilRetryScheduled = (packageName: string) =>
  eventually(async () => expect(await queued(packageName)).toMatchObject([{ consumeAttempts: 1 }]))

/** The first retry is due a minute after the failure; the trigger fires later than that. */
const inTwoMinutes = () => Date.now() + 2 * 60_000
const quietLog = (lines: string[] = []) => createLogger({}, (line) => lines.push(line))

describe('the scheduled handler', () => {
  it('consumes a purchase whose Play consume failed, and takes it off the queue', async () => {
    const { scoped, user, minted, packageName, purchaseKey } = await grantedWithFailedConsume()
    await untilRetryScheduled(packageName)

    const controller = createScheduledController({
      scheduledTime: inTwoMinutes(),
      cron: '*/5 * * * *',
    })
    const ctx = createExecutionContext()
    await worker.scheduled(controller, scoped, ctx)
    await waitOnExecutionContext(ctx)

    const play = await emulator<PlayState>('google', `/_admin/purchases/${minted.purchaseToken}`)
    expect(play).toMatchObject({ consumptionState: 1, consumeCalls: 2 })
    const purchase = await dataClient().get(purchaseKey, {
      homeRegion: user.homeRegion,
      consistent: true,
    })
    expect(purchase).toMatchObject({ consumeState: 'consumed', consumeAttempts: 1 })
    expect(purchase).not.toHaveProperty('gsi1pk')
    await eventually(async () => expect(await queued(packageName)).toEqual([]))
  })

  it('leaves a purchase queued when the trigger fires before its retry is due', async () => {
    const { scoped, minted, packageName } = await grantedWithFailedConsume()
    await untilRetryScheduled(packageName)
    const outcomes = await runScheduledJobs(scoped, Date.now(), { log: quietLog() })
    expect(outcomes).toContainEqual({
      job: 'retry-google-consumes',
      ok: true,
      fields: { consumed: 0, pending: 0 },
    })
    const play = await emulator<PlayState>('google', `/_admin/purchases/${minted.purchaseToken}`)
    expect(play).toMatchObject({ consumptionState: 0, consumeCalls: 1 })
    expect(await queued(packageName)).toHaveLength(1)
  })

  it('still retries consumes when another job throws', async () => {
    const { scoped, minted, packageName } = await grantedWithFailedConsume()
    await untilRetryScheduled(packageName)
    const lines: string[] = []
    const outcomes = await runScheduledJobs(scoped, inTwoMinutes(), {
      log: quietLog(lines),
      jobs: {
        'broken-job': () => {
          throw new TypeError('boom')
        },
        'retry-google-consumes': SCHEDULED_JOBS['retry-google-consumes']!,
      },
    })
    expect(outcomes).toEqual([
      { job: 'broken-job', ok: false, fields: { error: 'TypeError' } },
      { job: 'retry-google-consumes', ok: true, fields: { consumed: 1, pending: 0 } },
    ])
    const play = await emulator<PlayState>('google', `/_admin/purchases/${minted.purchaseToken}`)
    expect(play.consumptionState).toBe(1)
    const failure = lines.map((line) => JSON.parse(line)).find((l) => l.level === 'error')
    expect(failure).toMatchObject({ msg: 'scheduled job failed', job: 'broken-job' })
  })

  it('still warms the origins when the Google settings are missing, naming what is missing', async () => {
    const { GOOGLE_SERVICE_ACCOUNT_JSON: _secret, ...withoutGoogle } = env
    const lines: string[] = []
    const outcomes = await runScheduledJobs(withoutGoogle, Date.now(), { log: quietLog(lines) })
    expect(outcomes).toEqual([
      { job: 'warm-origins', ok: true, fields: { healthy: 3, regions: 3 } },
      {
        job: 'retry-google-consumes',
        ok: false,
        fields: { error: 'ApiError:BAD_ENVIRONMENT', variables: 'GOOGLE_SERVICE_ACCOUNT_JSON' },
      },
      {
        // Grants are first due a day later: nothing of this run's is due yet.
        job: 'reconcile-apple-purchases',
        ok: true,
        fields: { checked: 0, revoked: 0, refunded: 0, expired: 0, unchecked: 0 },
      },
    ])
    expect(lines.join('\n')).not.toContain('PRIVATE KEY')
  })
})
