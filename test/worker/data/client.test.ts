import { env } from 'cloudflare:workers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConditionFailedError } from '../../../worker/data/client'
import { dataClient, type PrivateOrigins, privateOrigins } from '../support/stack'

describe('DataClient through the real origins', () => {
  it('creates once, then answers the conditional failure with the stored item', async () => {
    const data = dataClient(env)
    const key = { pk: `USER#${crypto.randomUUID()}`, sk: 'PROFILE' }
    await data.write(
      [{ put: { item: { ...key, name: 'Ada' }, condition: { itemExists: false } } }],
      {
        home: 'eu-west-1',
      },
    )
    const again = await data
      .write([{ put: { item: { ...key, name: 'Eve' }, condition: { itemExists: false } } }], {
        home: 'eu-west-1',
      })
      .catch((e: unknown) => e)
    expect(again).toBeInstanceOf(ConditionFailedError)
    expect((again as ConditionFailedError).failed[0]?.item).toMatchObject({ name: 'Ada' })
    expect(await data.get(key, { home: 'eu-west-1', consistent: true })).toMatchObject({
      name: 'Ada',
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
      await data.write([{ put: { item: { ...key, n: 1 } } }], { home: 'ap-southeast-1' })
      expect(await data.get(key)).toMatchObject({ n: 1 })
    })
  })
})
