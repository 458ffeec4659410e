import { describe, expect, it } from 'vitest'
import { toolSpec } from '../../../../worker/nova-sonic/input-events'
import {
  checkObservation,
  PRONUNCIATION_FEATURES,
  PRONUNCIATION_TOOL,
} from '../../../../worker/speaking/interview/pronunciation-tool'

const good = {
  feature: 'word_stress',
  effect: 'hinders',
  evidence: 'said "deVElop" as "DEvelop"',
  descriptorLevel: 6,
}

describe('the pronunciation tool', () => {
  it('is a valid tool spec whose JSON Schema matches the validator', () => {
    expect(() => toolSpec.parse(PRONUNCIATION_TOOL)).not.toThrow()
    const schema = JSON.parse(PRONUNCIATION_TOOL.inputSchema.json)
    expect(schema.properties.feature.enum).toEqual([...PRONUNCIATION_FEATURES])
    expect(schema.required).toEqual(['feature', 'effect', 'evidence', 'descriptorLevel'])
  })

  it('keeps a valid observation and explains why an invalid one is refused', () => {
    expect(checkObservation(good)).toEqual({ ok: true, observation: good })
    expect(checkObservation({ ...good, descriptorLevel: 10 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^descriptorLevel/),
    })
    expect(checkObservation({ ...good, feature: 'accent' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^feature/),
    })
    expect(checkObservation({ ...good, extra: true }).ok).toBe(false)
    expect(checkObservation(null).ok).toBe(false)
  })
})
