import { env } from 'cloudflare:workers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../shared/log'
import type { Region } from '../../../shared/regions'
import { ConditionFailedError, DataClient } from '../../../worker/data/client'
import { CircuitBreaker } from '../../../worker/origin-client/breaker'
import { OriginClient } from '../../../worker/origin-client/client'
import { originUrls } from '../../../worker/origin-client/config'
import { readConfig } from '../../../worker/services/config'
import { dataClient, type PrivateOrigins, privateOrigins } from '../support/stack'

/**
 * A `DataClient` over the real origins whose network records the region of every call
 * before passing it on, so a test sees which region each operation tried first.
 */
function recordingDataClient(nearest: Region[]) {
  const config = readConfig(env).origins
  const urls = originUrls(config)
  const regionOf = (request: Request) =>
    (Object.keys(urls) as Region[]).find((r) => new URL(urls[r]).host === new URL(request.url).host)
  const calls: (Region | undefined)[] = []
  const origin = new OriginClient({
    urls,
    accessKeyId: config.EDGE_AWS_ACCESS_KEY_ID,
    secretAccessKey: config.EDGE_AWS_SECRET_ACCESS_KEY,
    timeoutMs: config.ORIGIN_TIMEOUT_MS,
    breaker: new CircuitBreaker({ threshold: 3, cooldownMs: 60_000 }),
    fetch: (request) => {
      calls.push(regionOf(request))
      return fetch(request)
    },
  })
  const data = new DataClient(() => origin, {
    regions: nearest,
    requestId: 'test-request-0002',
    log: createLogger({}, () => {}),
  })
  /** The regions called since the last `take()`. */
  const take = () => calls.splice(0)
  return { data, take }
}

describe('DataClient through the real origins', () => {
  it('creates once, then answers the conditional failure with the stored item', async () => {
    const data = dataClient(env)
    const key = { pk: `USER#${crypto.randomUUID()}`, sk: 'PROFILE' }
    await data.write(
      [{ put: { item: { ...key, name: 'Ada' }, condition: { itemExists: false } } }],
      {
        homeRegion: 'eu-west-1',
      },
    )
    const again = await data
      .write([{ put: { item: { ...key, name: 'Eve' }, condition: { itemExists: false } } }], {
        homeRegion: 'eu-west-1',
      })
      .catch((e: unknown) => e)
    expect(again).toBeInstanceOf(ConditionFailedError)
    expect((again as ConditionFailedError).failed[0]?.item).toMatchObject({ name: 'Ada' })
    expect(await data.get(key, { homeRegion: 'eu-west-1', consistent: true })).toMatchObject({
      name: 'Ada',
    })
  })

  describe('for a caller nearest eu-west-1 whose home is ap-southeast-1', () => {
    const NEAREST: Region[] = ['eu-west-1', 'us-east-1', 'ap-southeast-1']
    const HOME: Region = 'ap-southeast-1'

    it('sends writes to the home region first', async () => {
      const { data, take } = recordingDataClient(NEAREST)
      const key = { pk: `USER#${crypto.randomUUID()}`, sk: 'PROFILE' }
      await data.write([{ put: { item: { ...key, n: 1 } } }], { homeRegion: HOME })
      expect(take()).toEqual([HOME])
      await data.erasePartition(key.pk, [], { homeRegion: HOME })
      expect(take()).toEqual([HOME])
    })

    it('sends reads without a home to the nearest region first', async () => {
      const { data, take } = recordingDataClient(NEAREST)
      const key = { pk: `USER#${crypto.randomUUID()}`, sk: 'PROFILE' }
      await data.write([{ put: { item: { ...key, n: 2 } } }], { homeRegion: HOME })
      take()
      expect(await data.get(key)).toMatchObject({ n: 2 })
      expect(await data.batchGet([key])).toHaveLength(1)
      expect((await data.query({ pk: key.pk })).items).toHaveLength(1)
      expect(take()).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1'])
    })

    it('sends consistent reads with a home to the home region first', async () => {
      const { data, take } = recordingDataClient(NEAREST)
      const key = { pk: `USER#${crypto.randomUUID()}`, sk: 'PROFILE' }
      await data.write([{ put: { item: { ...key, n: 3 } } }], { homeRegion: HOME })
      take()
      expect(await data.get(key, { homeRegion: HOME, consistent: true })).toMatchObject({ n: 3 })
      expect(await data.batchGet([key], { homeRegion: HOME, consistent: true })).toHaveLength(1)
      expect(
        (await data.query({ pk: key.pk, consistent: true }, { homeRegion: HOME })).items,
      ).toHaveLength(1)
      expect(take()).toEqual([HOME, HOME, HOME])
    })
  })

  describe('when the home region is down', () => {
    let origins: PrivateOrigins
    beforeAll(async () => {
      origins = await privateOrigins()
    })
    afterAll(() => origins.dispose())

    it('writes through the next region and reads it back from any', async () => {
      await origins.stopOrigin('ap-southeast-1')
      const data = dataClient(origins.env, ['ap-southeast-1', 'eu-west-1', 'us-east-1'])
      const key = { pk: `USER#${crypto.randomUUID()}`, sk: 'PROFILE' }
      await data.write([{ put: { item: { ...key, n: 1 } } }], { homeRegion: 'ap-southeast-1' })
      expect(await data.get(key)).toMatchObject({ n: 1 })
    })
  })
})
