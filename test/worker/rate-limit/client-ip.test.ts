import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { addressBucket, clientIp } from '../../../worker/rate-limit/client-ip'

/** What `clientIp` answers for a request carrying `headers`. */
async function bucketOf(headers: Record<string, string>) {
  const app = new Hono().get('/', (c) => c.text(clientIp(c)))
  return (await app.request('/', { headers })).text()
}

describe('addressBucket', () => {
  it('keeps an IPv4 address whole', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7')
    expect(addressBucket('203.0.113.8')).not.toBe(addressBucket('203.0.113.7'))
  })

  it('puts every IPv6 address of one /64 in one bucket, whatever the interface id', () => {
    const bucket = addressBucket('2001:db8:1:2:aaaa:bbbb:cccc:dddd')
    expect(bucket).toBe('2001:db8:1:2::/64')
    for (const address of [
      '2001:db8:1:2::1',
      '2001:0DB8:0001:0002:1234:5678:9abc:def0',
      '2001:db8:1:2:0:0:0:0',
      '2001:db8:1:2::192.0.2.1',
    ]) {
      expect(addressBucket(address)).toBe(bucket)
    }
  })

  it('tells neighbouring /64s apart', () => {
    expect(addressBucket('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressBucket('::1')).toBe('0:0:0:0::/64')
  })

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressBucket('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(addressBucket('::ffff:c000:201')).toBe('192.0.2.1')
  })

  it('answers anything that is not an IP address unchanged', () => {
    for (const junk of ['unknown', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', '2001:db8::g', 'a:b']) {
      expect(addressBucket(junk)).toBe(junk)
    }
  })
})

describe('clientIp', () => {
  it('buckets the CF-Connecting-IP header, and says unknown without one', async () => {
    expect(await bucketOf({ 'cf-connecting-ip': ' 2001:db8:9:9:1:2:3:4 ' })).toBe(
      '2001:db8:9:9::/64',
    )
    expect(await bucketOf({ 'cf-connecting-ip': '198.51.100.4' })).toBe('198.51.100.4')
    expect(await bucketOf({})).toBe('unknown')
  })
})
