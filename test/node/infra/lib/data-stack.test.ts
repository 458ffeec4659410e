import { Capture, Match, Template } from 'aws-cdk-lib/assertions'
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN_REGIONS } from '../../../../infra/lib/config'
import { tableSchema } from '../../../../infra/lib/data-stack'
import { createTableInput } from '../../../../local/services/table'
import { TABLE_DEFINITION } from '../../../../shared/table'
import { type SynthesizedIelts, synthIelts } from '../support'

const GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable'

let synth: SynthesizedIelts
let template: Template

beforeAll(() => {
  synth = synthIelts()
  template = Template.fromStack(synth.stacks.data)
}, 120_000)

afterAll(() => {
  synth?.dispose()
})

describe('DataStack', () => {
  it('has exactly the key schema, attributes and indexes the origin creates locally', () => {
    // createTableInput is what ensureTable sends to DynamoDB Local: the same definition.
    const local = createTableInput('ielts-genai-prep')
    template.resourceCountIs(GLOBAL_TABLE, 1)
    const attributes = new Capture()
    template.hasResourceProperties(GLOBAL_TABLE, {
      TableName: local.TableName,
      KeySchema: Match.exact(local.KeySchema),
      AttributeDefinitions: attributes,
      GlobalSecondaryIndexes: Match.exact(local.GlobalSecondaryIndexes),
      BillingMode: local.BillingMode,
    })
    // The order of attribute definitions means nothing to DynamoDB, and Match has no
    // "same members in any order" matcher: compare the captured list sorted.
    expect(sortByName(attributes.asArray())).toEqual(sortByName(local.AttributeDefinitions ?? []))
  })

  it('is a Global Table with a replica in each origin region, each with PITR and deletion protection', () => {
    const replicas = new Capture()
    template.hasResourceProperties(GLOBAL_TABLE, { Replicas: replicas })
    expect(replicas.asArray()).toHaveLength(ORIGIN_REGIONS.length)
    // One matching replica per region, and no more replicas than regions: every replica
    // is one of these.
    for (const region of ORIGIN_REGIONS) {
      template.hasResourceProperties(GLOBAL_TABLE, {
        Replicas: Match.arrayWith([
          Match.objectLike({
            Region: region,
            PointInTimeRecoverySpecification: Match.exact({ PointInTimeRecoveryEnabled: true }),
            DeletionProtectionEnabled: true,
          }),
        ]),
      })
    }
    expect(synth.stacks.data.region).toBe('us-east-1')
  })

  it("expires items by the definition's TTL attribute", () => {
    template.hasResourceProperties(GLOBAL_TABLE, {
      TimeToLiveSpecification: Match.exact({
        AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
        Enabled: true,
      }),
    })
  })

  it('is retained when removed from the app or replaced, and encrypted with an AWS-owned key', () => {
    template.hasResource(GLOBAL_TABLE, {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      // SSEEnabled false is DynamoDB's way of saying "AWS-owned key" (a KMS key would say true).
      Properties: Match.objectLike({ SSESpecification: Match.exact({ SSEEnabled: false }) }),
    })
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
