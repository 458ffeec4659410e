import { describe, expect, it } from 'vitest'
import { commonPasswordCount, isCommonPassword } from '../../../worker/auth/common-passwords'
import {
  constantTimeEqual,
  DUMMY_PASSWORD_HASH,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../../../worker/auth/password-hash'
import { passwordProblem } from '../../../worker/auth/password-policy'

const pepper = 'a-test-pepper-of-at-least-32-characters'

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one or another pepper', async () => {
    const stored = await hashPassword('correct horse battery', pepper)
    expect(await verifyPassword('correct horse battery', stored, pepper)).toBe(true)
    expect(await verifyPassword('correct horse batterY', stored, pepper)).toBe(false)
    expect(await verifyPassword('correct horse battery', stored, `${pepper}-rotated`)).toBe(false)
  })

  it('salts: the same password hashes differently twice', async () => {
    const [a, b] = [
      await hashPassword('same-password', pepper),
      await hashPassword('same-password', pepper),
    ]
    expect(a).not.toBe(b)
    expect(a.split('$')[3]).toHaveLength(22) // 16 bytes of salt
  })

  it('matches composed and decomposed accents alike (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9-au-lait', pepper)
    expect(await verifyPassword('cafe\u0301-au-lait', stored, pepper)).toBe(true)
  })

  it('asks for a rehash only when the parameters are older than today’s', async () => {
    expect(needsRehash(await hashPassword('whatever-1', pepper))).toBe(false)
    expect(needsRehash(await hashPassword('whatever-1', pepper, { iterations: 50_000 }))).toBe(true)
    expect(needsRehash('pbkdf2-sha256$v0$100000$3q2-7wAAAAAAAAAAAAAAAA$IU2y')).toBe(true)
    expect(needsRehash('bcrypt$2b$10$abc')).toBe(true)
  })

  it('fails, without throwing, for malformed stored hashes and the dummy hash', async () => {
    for (const stored of [
      '',
      'pbkdf2-sha256$v1$100000$!!!$???',
      'pbkdf2-sha256$v1$0$aa$bb',
      DUMMY_PASSWORD_HASH,
    ]) {
      expect(await verifyPassword('anything-at-all', stored, pepper)).toBe(false)
    }
  })

  it('compares every byte', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true)
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false)
    expect(constantTimeEqual(new Uint8Array([0, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(false)
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false)
  })
})

describe('password policy', () => {
  it('ships at least 1,000 common passwords, all long enough to matter', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(1_000)
  })

  it('refuses common passwords whatever their case, and nothing else', () => {
    expect(isCommonPassword('PassWord123')).toBe(true)
    expect(isCommonPassword('qwertyuiop')).toBe(true)
    expect(isCommonPassword('ielts2024')).toBe(true)
    expect(isCommonPassword('violet-harbour-71')).toBe(false)
    expect(passwordProblem('Iloveyou1')).toMatch(/common/)
    expect(passwordProblem('violet-harbour-71')).toBeUndefined()
    expect(passwordProblem('1234567')).toMatch(/at least 8/)
    expect(passwordProblem('a'.repeat(256))).toBeUndefined()
    expect(passwordProblem('a'.repeat(257))).toMatch(/at most 256/)
  })
})
