import { describe, expect, it } from 'vitest'
import { toHex } from '../../../worker/lib/bytes'
import { decodeFrame } from '../../../worker/nova-sonic/event-stream'
import {
  amzDate,
  eventStringToSign,
  FrameSigner,
  scopeOf,
  signEvent,
} from '../../../worker/nova-sonic/frame-signer'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('event signing', () => {
  it('matches the AWS SDKs published event-signing vector', async () => {
    // @smithy/signature-v4 SignatureV4.spec.ts "support event signing", adopted from the
    // AWS SDK for Ruby (aws-sigv4 signer_spec.rb): headers are an encoded :date header.
    const signature = await signEvent('secret', {
      date: new Date(1369353600000),
      scope: '20130524/REGION/SERVICE/aws4_request',
      priorSignature: '',
      headers: Uint8Array.from([5, 58, 100, 97, 116, 101, 8, 0, 0, 1, 103, 247, 125, 87, 112]),
      payload: utf8('foo'),
    })
    expect(signature).toBe('204bb5e2713e95354680e9522986d3ac0304aeafd33397f39e6540ca51ffe226')
  })

  it('builds the string to sign in the documented order', async () => {
    const text = await eventStringToSign({
      date: new Date('2026-03-04T05:06:07.890Z'),
      scope: '20260304/us-east-1/bedrock/aws4_request',
      priorSignature: 'ab'.repeat(32),
      headers: new Uint8Array(0),
      payload: new Uint8Array(0),
    })
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    expect(text.split('\n')).toEqual([
      'AWS4-HMAC-SHA256-PAYLOAD',
      '20260304T050607Z',
      '20260304/us-east-1/bedrock/aws4_request',
      'ab'.repeat(32),
      empty,
      empty,
    ])
  })

  it('formats SigV4 dates to the second and scopes by the day', () => {
    const date = new Date('2026-12-31T23:59:59.999Z')
    expect(amzDate(date)).toBe('20261231T235959Z')
    expect(scopeOf(date, 'us-east-1', 'bedrock')).toBe('20261231/us-east-1/bedrock/aws4_request')
  })
})

describe('FrameSigner', () => {
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  }
  const seed = 'c0ffee'.padEnd(64, '0')

  it('wraps each payload with :date and a 32-byte :chunk-signature, chained from the seed', async () => {
    let tick = Date.parse('2026-05-06T07:08:09.010Z')
    const signer = new FrameSigner({
      credentials,
      region: 'us-east-1',
      service: 'bedrock',
      seedSignature: seed,
      now: () => new Date(tick++),
    })
    const first = decodeFrame(await signer.sign(utf8('one')))
    const second = decodeFrame(await signer.sign(utf8('two')))
    const sig = (frame: typeof first) => {
      const header = frame.headers[':chunk-signature']
      return header?.type === 'binary' ? toHex(header.value) : ''
    }
    expect(first.headers[':date']).toEqual({
      type: 'timestamp',
      value: new Date('2026-05-06T07:08:09.010Z'),
    })
    expect(new TextDecoder().decode(first.body)).toBe('one')
    expect(sig(first)).toMatch(/^[0-9a-f]{64}$/)
    expect(sig(second)).not.toBe(sig(first))
    expect(signer.priorSignature).toBe(sig(second))
  })

  it('keeps call order when signing calls overlap', async () => {
    const signer = new FrameSigner({
      credentials,
      region: 'us-east-1',
      service: 'bedrock',
      seedSignature: seed,
    })
    const frames = await Promise.all(['a', 'b', 'c', 'd'].map((p) => signer.sign(utf8(p))))
    expect(frames.map((f) => new TextDecoder().decode(decodeFrame(f).body))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ])
  })

  it('signs the empty end-of-stream frame', async () => {
    const signer = new FrameSigner({
      credentials,
      region: 'us-east-1',
      service: 'bedrock',
      seedSignature: seed,
    })
    const frame = decodeFrame(await signer.sign(new Uint8Array(0)))
    expect(frame.body.byteLength).toBe(0)
    expect(frame.headers[':chunk-signature']?.type).toBe('binary')
  })
})
