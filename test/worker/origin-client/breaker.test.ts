import { describe, expect, it } from 'vitest'
import { CircuitBreaker } from '../../../worker/origin-client/breaker'

function breakerAt(start = 1_000) {
  const clock = { now: start }
  const breaker = new CircuitBreaker({ threshold: 3, cooldownMs: 30_000, now: () => clock.now })
  return { breaker, clock }
}

describe('CircuitBreaker', () => {
  it('stays closed below the failure threshold', () => {
    const { breaker } = breakerAt()
    breaker.recordFailure('eu-west-1')
    breaker.recordFailure('eu-west-1')
    expect(breaker.state('eu-west-1')).toBe('closed')
    expect(breaker.tryAcquire('eu-west-1')).toBe(true)
  })

  it('opens after consecutive failures and skips the region', () => {
    const { breaker } = breakerAt()
    for (let i = 0; i < 3; i++) breaker.recordFailure('eu-west-1')
    expect(breaker.state('eu-west-1')).toBe('open')
    expect(breaker.tryAcquire('eu-west-1')).toBe(false)
    expect(breaker.tryAcquire('us-east-1')).toBe(true)
  })

  it('a success resets the count of consecutive failures', () => {
    const { breaker } = breakerAt()
    breaker.recordFailure('eu-west-1')
    breaker.recordFailure('eu-west-1')
    breaker.recordSuccess('eu-west-1')
    breaker.recordFailure('eu-west-1')
    expect(breaker.state('eu-west-1')).toBe('closed')
  })

  it('lets exactly one trial through after the cooldown and closes on its success', () => {
    const { breaker, clock } = breakerAt()
    for (let i = 0; i < 3; i++) breaker.recordFailure('ap-southeast-1')
    clock.now += 30_000
    expect(breaker.state('ap-southeast-1')).toBe('half-open')
    expect(breaker.tryAcquire('ap-southeast-1')).toBe(true)
    expect(breaker.tryAcquire('ap-southeast-1')).toBe(false)
    breaker.recordSuccess('ap-southeast-1')
    expect(breaker.state('ap-southeast-1')).toBe('closed')
    expect(breaker.tryAcquire('ap-southeast-1')).toBe(true)
  })

  it('reopens for a full cooldown when the trial fails', () => {
    const { breaker, clock } = breakerAt()
    for (let i = 0; i < 3; i++) breaker.recordFailure('us-east-1')
    clock.now += 31_000
    expect(breaker.tryAcquire('us-east-1')).toBe(true)
    breaker.recordFailure('us-east-1')
    expect(breaker.state('us-east-1')).toBe('open')
    clock.now += 29_999
    expect(breaker.tryAcquire('us-east-1')).toBe(false)
    clock.now += 1
    expect(breaker.tryAcquire('us-east-1')).toBe(true)
  })
})
