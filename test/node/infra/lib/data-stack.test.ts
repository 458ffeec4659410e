import { AttributeType } from 'aws-cdk-lib/aws-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN_REGIONS } from '../../../../infra/lib/config'
import { tableSchema } from '../../../../infra/lib/data-stack'
import { createTableInput } from '../../../../local/services/table'
import { TABLE_DEFINITION } from '../../../../shared/table'
import { onlyResource, type Resource, type SynthesizedIelts, synthIelts } from '../support'

let synth: SynthesizedIelts
let table: Resource

beforeAll(() => {
  synth = synthIelts()
  ;[, table] = onlyResource(synth.template(synth.stacks.data), 'AWS::DynamoDB::GlobalTable')
}, 120_000)

afterAll(() => {
  synth?.dispose()
})

describe('DataStack', () => {
  it('has exactly the key schema, attributes and indexes the origin creates locally', () => {
    // createTableInput is what ensureTable sends to DynamoDB Local: the same definition.
    const local = createTableInput('ielts-genai-prep')
    expect(table.Properties.TableName).toBe(local.TableName)
    expect(table.Properties.KeySchema).toEqual(local.KeySchema)
    expect(sortByName(table.Properties.AttributeDefinitions)).toEqual(
      sortByName(local.AttributeDefinitions ?? []),
    )
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes)
    expect(table.Properties.BillingMode).toBe(local.BillingMode)
  })

  it('is a Global Table with a replica in each origin region, each with PITR and deletion protection', () => {
    const replicas = table.Properties.Replicas as Record<string, unknown>[]
    expect(replicas.map((replica) => replica.Region).sort()).toEqual([...ORIGIN_REGIONS].sort())
    for (const replica of replicas) {
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true })
      expect(replica.DeletionProtectionEnabled).toBe(true)
    }
    expect(synth.stacks.data.region).toBe('us-east-1')
  })

  it("expires items by the definition's TTL attribute", () => {
    expect(table.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
      Enabled: true,
    })
  })

  it('is retained when removed from the app or replaced, and encrypted with an AWS-owned key', () => {
    expect(table.DeletionPolicy).toBe('Retain')
    expect(table.UpdateReplacePolicy).toBe('Retain')
    // SSEEnabled false is DynamoDB's way of saying "AWS-owned key" (a KMS key would say true).
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: false })
  })
})

describe('tableSchema', () => {
  it('follows whatever definition it is given, so the stack cannot drift from the origin', () => {
    const changed = {
      ...TABLE_DEFINITION,
      partitionKey: { name: 'partition', type: 'S' },
      globalSecondaryIndexes: [
        {
          indexName: 'byOwner',
          partitionKey: { name: 'owner', type: 'S' },
          sortKey: { name: 'created', type: 'S' },
          projection: 'ALL',
        },
      ],
      timeToLiveAttribute: 'ttl',
    } as const
    const schema = tableSchema(changed)
    expect(schema.partitionKey).toEqual({ name: 'partition', type: AttributeType.STRING })
    expect(schema.timeToLiveAttribute).toBe('ttl')
    expect(schema.globalSecondaryIndexes.map((index) => index.indexName)).toEqual(['byOwner'])
    expect(schema.globalSecondaryIndexes[0]?.partitionKey).toEqual({
      name: 'owner',
      type: AttributeType.STRING,
    })
  })
})

function sortByName<T extends { AttributeName?: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => String(a.AttributeName).localeCompare(String(b.AttributeName)))
}
