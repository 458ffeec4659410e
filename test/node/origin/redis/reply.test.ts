import { describe, expect, it } from 'vitest'
import { encodeReply, replyEncoding } from '../../../../origin/redis/reply'

const b = (text: string) => Buffer.from(text)
const b64 = (text: string) => Buffer.from(text).toString('base64')

describe('replyEncoding', () => {
  it('is base64 only for the Upstash-Encoding: base64 header, in any case', () => {
    expect(replyEncoding('base64')).toBe('base64')
    expect(replyEncoding(' BASE64 ')).toBe('base64')
    expect(replyEncoding(undefined)).toBe('utf8')
    expect(replyEncoding('gzip')).toBe('utf8')
  })
})

describe('encodeReply', () => {
  it('base64-encodes strings, leaves integers and nil alone', () => {
    expect(encodeReply(b('héllo 🎓'), 'base64')).toBe(b64('héllo 🎓'))
    expect(encodeReply(42, 'base64')).toBe(42)
    expect(encodeReply(null, 'base64')).toBeNull()
    expect(encodeReply(b(''), 'base64')).toBe('')
  })

  it('leaves a top-level OK readable, as Upstash does, but encodes OK inside arrays', () => {
    expect(encodeReply(b('OK'), 'base64')).toBe('OK')
    // The client base64-decodes every string inside an array: "OK" raw would become "8".
    expect(encodeReply([b('OK'), b('x')], 'base64')).toEqual([b64('OK'), b64('x')])
  })

  it('encodes arrays element by element, nested arrays included', () => {
    const reply = [b('a'), 1, null, [b('b'), [b('c'), 2]]]
    expect(encodeReply(reply, 'base64')).toEqual([b64('a'), 1, null, [b64('b'), [b64('c'), 2]]])
    expect(encodeReply(reply, 'utf8')).toEqual(['a', 1, null, ['b', ['c', 2]]])
  })

  it('keeps bytes that are not UTF-8 exact in base64 (why the encoding exists)', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41])
    expect(Buffer.from(encodeReply(bytes, 'base64') as string, 'base64')).toEqual(bytes)
  })

  it('passes strings through in utf8 mode', () => {
    expect(encodeReply(b('OK'), 'utf8')).toBe('OK')
    expect(encodeReply('already a string', 'utf8')).toBe('already a string')
  })
})
