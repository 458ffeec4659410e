import { describe, expect, it } from 'vitest'
import {
  mintTicket,
  SESSION_ID,
  speakingSessionId,
  TICKET,
  ticketDigest,
} from '../../../worker/speaking/session-id'

describe('speaking session ids and stream tickets', () => {
  it('derives one id per user and key, in the Crockford base32 shape', async () => {
    const a = await speakingSessionId('user-a', 'key-00000001')
    expect(a).toMatch(SESSION_ID)
    expect(await speakingSessionId('user-a', 'key-00000001')).toBe(a)
    expect(await speakingSessionId('user-b', 'key-00000001')).not.toBe(a)
    expect(await speakingSessionId('user-a', 'key-00000002')).not.toBe(a)
  })

  it('mints 256-bit url-safe tickets and keeps only their SHA-256', async () => {
    const ticket = mintTicket()
    expect(ticket).toMatch(TICKET)
    expect(mintTicket()).not.toBe(ticket)
    const fixed = mintTicket((b) => b.fill(0xff))
    expect(fixed).toBe(`${'_'.repeat(42)}8`)
    expect(await ticketDigest(ticket)).toMatch(/^[0-9a-f]{64}$/)
    expect(await ticketDigest(ticket)).not.toContain(ticket)
  })
})
