import { createHash, createHmac } from 'node:crypto'
import { EventStreamCodec } from '@smithy/eventstream-codec'
import { describe, expect, it } from 'vitest'
import { FrameSigner } from '../../../worker/nova-sonic/frame-signer'
import { presignUrl, streamUrl } from '../../../worker/nova-sonic/presign'

// An independent reference: node:crypto and hand-built bytes, none of the worker's signing code.
const codec = new EventStreamCodec(
  (b) => new TextDecoder().decode(b),
  (s) => new TextEncoder().encode(s),
)
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest()
const kSigning = (secret: string, day: string, region: string, service: string) =>
  [day, region, service, 'aws4_request'].reduce<Buffer>(
    (key, part) => hmac(key, part),
    Buffer.from(`AWS4${secret}`),
  )
const amz = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, '')

/** `:date` header bytes: name length, name, type 8 (timestamp), int64 ms big-endian. */
function dateHeader(date: Date): Buffer {
  const out = Buffer.alloc(1 + 5 + 1 + 8)
  out.writeUInt8(5, 0)
  out.write(':date', 1, 'ascii')
  out.writeUInt8(8, 6)
  out.writeBigInt64BE(BigInt(date.getTime()), 7)
  return out
}

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
}

describe('Nova Sonic signing, checked against an independent node:crypto reference', () => {
  it('chains every frame signature from the presigned URL signature', async () => {
    const seed = 'f'.repeat(64)
    // Crosses midnight UTC so the scope (and signing key) changes between frames.
    const dates = [
      '2026-07-01T23:59:59.250Z',
      '2026-07-01T23:59:59.900Z',
      '2026-07-02T00:00:00.100Z',
      '2026-07-02T00:00:01.000Z',
    ]
    let i = 0
    const signer = new FrameSigner({
      credentials,
      region: 'us-east-1',
      service: 'bedrock',
      seedSignature: seed,
      now: () => new Date(dates[i++]!),
    })
    const payloads = ['{"event":1}', '', 'x'.repeat(5000), '{"event":{"sessionEnd":{}}}']
    let prior = seed
    for (const [n, text] of payloads.entries()) {
      const frame = codec.decode(await signer.sign(new TextEncoder().encode(text)))
      const date = new Date(dates[n]!)
      const scope = `${amz(date).slice(0, 8)}/us-east-1/bedrock/aws4_request`
      const stringToSign = [
        'AWS4-HMAC-SHA256-PAYLOAD',
        amz(date),
        scope,
        prior,
        sha256(dateHeader(date)),
        sha256(text),
      ].join('\n')
      const expected = createHmac(
        'sha256',
        kSigning(credentials.secretAccessKey, amz(date).slice(0, 8), 'us-east-1', 'bedrock'),
      )
        .update(stringToSign)
        .digest('hex')
      const header = frame.headers[':chunk-signature']
      expect(header?.type).toBe('binary')
      expect(Buffer.from(header!.value as Uint8Array).toString('hex'), `frame ${n}`).toBe(expected)
      expect(frame.headers[':date']).toEqual({ type: 'timestamp', value: date })
      expect(Buffer.from(frame.body).toString()).toBe(text)
      prior = expected
    }
  })

  it('presigns the WebSocket URL exactly as a by-hand SigV4 query signature', async () => {
    const now = new Date('2026-02-03T04:05:06Z')
    const endpoint = 'https://bedrock-runtime.us-east-1.amazonaws.com'
    const { url, signature } = await presignUrl({
      url: `${streamUrl(endpoint, 'amazon.nova-2-sonic-v1:0')}?user-agent=ielts%20session%2Fs-1`,
      credentials,
      region: 'us-east-1',
      service: 'bedrock',
      expiresSeconds: 60,
      now,
    })
    const credential = `${credentials.accessKeyId}/20260203/us-east-1/bedrock/aws4_request`
    const enc = (s: string) =>
      encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      )
    const query = [
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
      ['X-Amz-Credential', credential],
      ['X-Amz-Date', '20260203T040506Z'],
      ['X-Amz-Expires', '60'],
      ['X-Amz-SignedHeaders', 'host'],
      ['user-agent', 'ielts session/s-1'],
    ]
      .map(([k, v]) => `${enc(k!)}=${enc(v!)}`)
      .join('&')
    const canonical = [
      'GET',
      // Non-S3 services encode the (already encoded) path again: %3A becomes %253A.
      '/model/amazon.nova-2-sonic-v1%253A0/invoke-with-bidirectional-stream-websocket',
      query,
      'host:bedrock-runtime.us-east-1.amazonaws.com\n',
      'host',
      sha256(''),
    ].join('\n')
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      '20260203T040506Z',
      '20260203/us-east-1/bedrock/aws4_request',
      sha256(canonical),
    ].join('\n')
    const expected = createHmac(
      'sha256',
      kSigning(credentials.secretAccessKey, '20260203', 'us-east-1', 'bedrock'),
    )
      .update(stringToSign)
      .digest('hex')
    expect(signature).toBe(expected)
    const [base, sent = ''] = url.split('?')
    expect(base).toBe(
      `${endpoint}/model/amazon.nova-2-sonic-v1%3A0/invoke-with-bidirectional-stream-websocket`,
    )
    expect(sent.split('&').sort()).toEqual(
      [...query.split('&'), `X-Amz-Signature=${expected}`].sort(),
    )
  })
})
