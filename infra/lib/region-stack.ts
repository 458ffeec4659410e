import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { TABLE_DEFINITION } from '../../shared/table'
import type { DeploymentNames, OriginRegion } from './config'
import { OriginAlarms } from './origin/alarms'
import { OriginCache } from './origin/cache'
import { OriginFunction } from './origin/function'
import { OriginNetwork } from './origin/network'

/**
 * What the origin does with the table (`origin/store`): reads, conditional single writes,
 * transactions (whose parts are authorised as Put/Update/Delete/ConditionCheck) and
 * batched deletes when a user is erased.
 */
export const ORIGIN_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:BatchWriteItem',
]

export type RegionStackProps = StackProps & {
  region: OriginRegion
  names: DeploymentNames
  availabilityZones: string[]
  appVersion: string
  alarmEmail?: string
}

/** The table replica in `region` and its secondary indexes, by ARN. */
export function replicaResources(stack: Stack, tableName: string): string[] {
  const table = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName })
  const indexes = TABLE_DEFINITION.globalSecondaryIndexes.map(
    (index) => `${table}/index/${index.indexName}`,
  )
  return [table, ...indexes]
}

/**
 * One region's origin: network, cache, function, alarms. The same construct tree in every
 * region; it uses the Global Table replica in its own region, created by the data stack.
 *
 * @example
 * new RegionStack(app, 'ielts-genai-prep-origin-eu-west-1', { env, region: 'eu-west-1', names, … })
 */
export class RegionStack extends Stack {
  readonly network: OriginNetwork
  readonly cache: OriginCache
  readonly origin: OriginFunction
  readonly alarms: OriginAlarms

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, props)
    const { names } = props
    const tableResources = replicaResources(this, names.table)
    this.network = new OriginNetwork(this, 'Network', {
      availabilityZones: props.availabilityZones,
      tableResources,
      tableActions: ORIGIN_TABLE_ACTIONS,
    })
    const { vpc, subnets } = this.network
    this.cache = new OriginCache(this, 'Cache', {
      vpc,
      subnets,
      cacheName: names.cache,
      userId: names.cacheUser,
      defaultUserId: names.cacheDefaultUser,
      userGroupId: names.cacheUserGroup,
    })
    this.origin = new OriginFunction(this, 'Origin', {
      vpc,
      subnets,
      functionName: names.originFunction,
      tableName: names.table,
      tableResources,
      tableActions: ORIGIN_TABLE_ACTIONS,
      cache: this.cache,
      appVersion: props.appVersion,
    })
    this.alarms = new OriginAlarms(this, 'Alarms', {
      function: this.origin.function,
      email: props.alarmEmail,
    })
    new CfnOutput(this, 'OriginUrl', {
      description: `ORIGIN_URL for ${props.region} in wrangler.toml [vars]`,
      value: this.origin.url.url,
    })
    new CfnOutput(this, 'OriginFunctionArn', { value: this.origin.function.functionArn })
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn })
  }
}
