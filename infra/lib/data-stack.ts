import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import {
  type Attribute,
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'
import {
  type KeyAttribute as OriginKeyAttribute,
  TABLE_DEFINITION,
  type TableDefinition,
} from '../../shared/table'
import { ORIGIN_REGIONS, type OriginRegion } from './config'

const ATTRIBUTE_TYPES: Record<OriginKeyAttribute['type'], AttributeType> = {
  S: AttributeType.STRING,
}

export type DataStackProps = StackProps & {
  tableName: string
  /** Regions that get a replica besides the stack's own (the Global Table's home). */
  replicaRegions: readonly OriginRegion[]
}

/**
 * The single table as a DynamoDB Global Table, built from the origin's `TABLE_DEFINITION`
 * (the same data `ensureTable` creates locally), with a replica in every origin region.
 *
 * Encryption: an AWS-owned key. The table holds no data whose access must be audited per
 * key use (no audio; passwords are salted hashes), a customer key would cost $1/month in
 * each of three regions plus a KMS request per DynamoDB key fetch, and KMS-level grants
 * would add nothing to the IAM policy that already confines each origin to its replica.
 *
 * @example
 * new DataStack(app, 'ielts-genai-prep-data', { env, tableName: 'ielts-genai-prep',
 *   replicaRegions: ['eu-west-1', 'ap-southeast-1'] })
 */
export class DataStack extends Stack {
  readonly table: TableV2

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props)
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      ...tableSchema(TABLE_DEFINITION),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.dynamoOwnedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
      replicas: props.replicaRegions.map((region) => ({ region })),
    })
  }
}

/**
 * The key schema, secondary indexes and TTL of a `TableDefinition` in TableV2's terms.
 *
 * @example
 * tableSchema(TABLE_DEFINITION).partitionKey // { name: 'pk', type: AttributeType.STRING }
 */
export function tableSchema(definition: TableDefinition) {
  if (definition.billingMode !== 'PAY_PER_REQUEST') {
    throw new Error(`Unsupported billing mode ${definition.billingMode}`)
  }
  return {
    partitionKey: keyAttribute(definition.partitionKey),
    sortKey: keyAttribute(definition.sortKey),
    timeToLiveAttribute: definition.timeToLiveAttribute,
    globalSecondaryIndexes: definition.globalSecondaryIndexes.map(
      (index): GlobalSecondaryIndexPropsV2 => ({
        indexName: index.indexName,
        partitionKey: keyAttribute(index.partitionKey),
        sortKey: keyAttribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      }),
    ),
  }
}

function keyAttribute(attribute: OriginKeyAttribute): Attribute {
  return { name: attribute.name, type: ATTRIBUTE_TYPES[attribute.type] }
}

/** Origin regions other than the table's home, in the default order. */
export function replicaRegionsFor(home: OriginRegion): OriginRegion[] {
  return ORIGIN_REGIONS.filter((region) => region !== home)
}
