import { describe, expect, it } from 'vitest'
import { toToolInputSchema } from '../../../worker/bedrock/tool-schema'
import { HALF_BANDS } from '../../../worker/scoring/bands'
import { scoringToolSchema, WRITING_CRITERIA } from '../../../worker/scoring/criteria'

type Node = { [key: string]: unknown }
const walk = (node: unknown, visit: (n: Node) => void) => {
  if (!node || typeof node !== 'object') return
  visit(node as Node)
  for (const value of Object.values(node)) walk(value, visit)
}

describe('the scoring tool schema', () => {
  const zod = scoringToolSchema(WRITING_CRITERIA[1])
  const json = toToolInputSchema(zod)

  it('is what Nova reads: type, properties and required only at the top, no $schema anywhere', () => {
    expect(Object.keys(json).sort()).toEqual(['properties', 'required', 'type'])
    walk(json, (node) => {
      expect(node).not.toHaveProperty('$schema')
      expect(node).not.toHaveProperty('additionalProperties')
    })
  })

  it('comes from the zod schema that validates the reply: the same criteria, bands and limits', () => {
    const criteria = (json.properties as Node).criteria as Node
    expect(Object.keys(criteria.properties as Node)).toEqual([...WRITING_CRITERIA[1]])
    const taskAchievement = (criteria.properties as Node).task_achievement as Node
    const props = taskAchievement.properties as Record<string, Node>
    expect(props.band?.enum).toEqual(HALF_BANDS)
    expect(props.strengths?.maxItems).toBe(3)
    expect(props.improvements?.maxItems).toBe(5)
    expect(((json.properties as Node).corrections as Node).maxItems).toBe(10)
    expect(taskAchievement.required).toEqual([
      'band',
      'justification',
      'strengths',
      'improvements',
      'evidence',
    ])
  })

  it('validates replies with the same rules it shows the model', () => {
    const criterion = {
      band: 6.5,
      justification: 'Clear.',
      strengths: [],
      improvements: [],
      evidence: [],
    }
    const valid = {
      criteria: Object.fromEntries(WRITING_CRITERIA[1].map((id) => [id, criterion])),
      corrections: [],
    }
    expect(zod.safeParse(valid).success).toBe(true)
    const offBand = structuredClone(valid)
    offBand.criteria.task_achievement!.band = 6.25
    expect(zod.safeParse(offBand).success).toBe(false)
    const tooMany = {
      ...valid,
      corrections: Array(11).fill({ quote: 'a b', suggestion: 'c', category: 'grammar' }),
    }
    expect(zod.safeParse(tooMany).success).toBe(false)
    const { task_achievement: _, ...missing } = valid.criteria
    expect(zod.safeParse({ ...valid, criteria: missing }).success).toBe(false)
  })
})
