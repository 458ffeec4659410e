import { AwsClient } from 'aws4fetch'
import { describe, expect, it } from 'vitest'
import { signingKeys } from '../../../worker/lib/signing-keys'

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
})
