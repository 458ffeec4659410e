import { AwsClient } from 'aws4fetch'
import { describe, expect, it } from 'vitest'
import { signingKeys } from '../../../worker/lib/signing-keys'
import { presignUrl } from '../../../worker/nova-sonic/presign'
import { emulatorClient } from '../bedrock/support'

describe('signingKeys', () => {
  it('keeps one derived key per secret, day, region and service across signers', async () => {
    signingKeys.clear()
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-for-test' }
    const sign = (region: string) =>
      new AwsClient({ ...credentials, service: 'lambda', region, cache: signingKeys }).sign(
        'https://origin.test/health',
      )
    await sign('eu-west-1')
    await sign('eu-west-1')
    expect(signingKeys.size).toBe(1)
    await sign('us-east-1')
    expect(signingKeys.size).toBe(2)
  })

  it('forgets the oldest key beyond 64', () => {
    signingKeys.clear()
    for (let i = 0; i < 70; i++) signingKeys.set(`key-${i}`, new ArrayBuffer(1))
    expect(signingKeys.size).toBe(64)
    expect(signingKeys.has('key-0')).toBe(false)
    expect(signingKeys.has('key-69')).toBe(true)
  })

  it('is where Converse clients and presigned stream URLs keep their keys, one per scope', async () => {
    signingKeys.clear()
    await presignUrl({
      url: 'https://foo.us-bar-1.amazonaws.com/',
      method: 'POST',
      credentials: { accessKeyId: 'foo', secretAccessKey: 'bar' },
      region: 'us-bar-1',
      service: 'foo',
      expiresSeconds: 60,
      now: new Date('2000-01-01T00:00:00.000Z'),
    })
    expect([...signingKeys.keys()]).toEqual(['bar,20000101,us-bar-1,foo'])
    // A Converse client is built per call: two of them still derive the region's key once.
    for (let i = 0; i < 2; i++) {
      const { client } = emulatorClient()
      await client.converse(
        {
          messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
          inferenceConfig: { maxTokens: 100, temperature: 0 },
        },
        { regions: ['eu-west-1'], deadlineAt: Date.now() + 20_000 },
      )
    }
    const bedrock = [...signingKeys.keys()].filter((key) => key.endsWith(',eu-west-1,bedrock'))
    expect(bedrock).toHaveLength(1)
  })
})
