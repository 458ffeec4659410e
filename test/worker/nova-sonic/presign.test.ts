import { describe, expect, it } from 'vitest'
import { presignUrl, streamUrl } from '../../../worker/nova-sonic/presign'

describe('presignUrl', () => {
  it('matches the AWS SDKs presigning vector (SignatureV4.spec "should sign requests without bodies")', async () => {
    const { url, signature } = await presignUrl({
      url: 'https://foo.us-bar-1.amazonaws.com/',
      method: 'POST',
      credentials: { accessKeyId: 'foo', secretAccessKey: 'bar' },
      region: 'us-bar-1',
      service: 'foo',
      expiresSeconds: 1800,
      now: new Date('2000-01-01T00:00:00.000Z'),
    })
    expect(signature).toBe('46f0091f3e84cbd4552a184f43830a4f8b42fd18ceaefcdc2c225be1efd9e00e')
    const query = new URL(url).searchParams
    expect(query.get('X-Amz-Credential')).toBe('foo/20000101/us-bar-1/foo/aws4_request')
    expect(query.get('X-Amz-SignedHeaders')).toBe('host')
    expect(query.get('X-Amz-Expires')).toBe('1800')
    expect(query.get('X-Amz-Signature')).toBe(signature)
  })

  it('builds the Nova Sonic WebSocket path with the model id URI-encoded', () => {
    expect(
      streamUrl('https://bedrock-runtime.us-east-1.amazonaws.com/', 'amazon.nova-2-sonic-v1:0'),
    ).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-2-sonic-v1%3A0/invoke-with-bidirectional-stream-websocket',
    )
  })

  it('serialises the query RFC 3986 style: a space is %20, never +', async () => {
    const { url } = await presignUrl({
      url: `${streamUrl('https://bedrock-runtime.us-east-1.amazonaws.com', 'amazon.nova-2-sonic-v1:0')}?user-agent=ielts%20session%2Fabc`,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      region: 'us-east-1',
      service: 'bedrock',
      expiresSeconds: 60,
      now: new Date('2026-01-01T00:00:00Z'),
    })
    expect(url).toContain('user-agent=ielts%20session%2Fabc')
    expect(url).not.toContain('+')
    expect(url).toContain('/model/amazon.nova-2-sonic-v1%3A0/')
  })

  it('refuses a non-positive expiry', async () => {
    const options = {
      url: 'https://example.amazonaws.com/',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      region: 'us-east-1',
      service: 'bedrock',
      now: new Date(),
    }
    await expect(presignUrl({ ...options, expiresSeconds: 0 })).rejects.toThrow(TypeError)
  })
})
