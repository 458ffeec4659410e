import { describe, expect, it } from 'vitest'
import { LATENCY_NOTICE, latencyNoticeFor } from '../../../worker/speaking/latency'

describe('latencyNoticeFor (distance from us-east-1, where Nova Sonic runs)', () => {
  it('tells callers in Europe, Asia and Oceania; not those in eastern North America', () => {
    expect(latencyNoticeFor({ latitude: '1.29', longitude: '103.85' })).toBe(LATENCY_NOTICE)
    expect(latencyNoticeFor({ latitude: '51.5', longitude: '-0.12' })).toBe(LATENCY_NOTICE)
    expect(latencyNoticeFor({ latitude: '-33.87', longitude: '151.2' })).toBe(LATENCY_NOTICE)
    expect(latencyNoticeFor({ latitude: '40.71', longitude: '-74.0' })).toBeUndefined()
    expect(latencyNoticeFor({ latitude: '30.27', longitude: '-97.74' })).toBeUndefined()
  })

  it('falls back to the continent, and says nothing when the location is unknown', () => {
    expect(latencyNoticeFor({ continent: 'AS' })).toBe(LATENCY_NOTICE)
    expect(latencyNoticeFor({ continent: 'NA' })).toBeUndefined()
    expect(latencyNoticeFor(undefined)).toBeUndefined()
    expect(latencyNoticeFor({ latitude: 'x', longitude: '1' })).toBeUndefined()
  })
})
