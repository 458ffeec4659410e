import { type App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import {
  type DeployConfig,
  deploymentNames,
  ORIGIN_REGIONS,
  type OriginRegion,
  PRIMARY_REGION,
} from './config'
import { DataStack, replicaRegionsFor } from './data-stack'
import { EdgeStack } from './edge-stack'
import { RegionStack } from './region-stack'

export type IeltsStacks = {
  data: DataStack
  origins: Record<OriginRegion, RegionStack>
  edge: EdgeStack
}

/**
 * Adds the deployment's stacks to `app`, in deploy order: the Global Table (us-east-1,
 * with its replicas), one origin stack per region (each needs its replica), then the edge
 * identity (whose policy names the three origin functions). AWS Solutions checks
 * (cdk-nag) run at synth; an unacknowledged finding fails it.
 *
 * @example
 * const app = new App()
 * buildIeltsApp(app, readDeployConfig((key) => app.node.tryGetContext(key)))
 */
export function buildIeltsApp(app: App, config: DeployConfig): IeltsStacks {
  const names = deploymentNames(config.prefix)
  const env = (region: OriginRegion) => ({ account: config.account, region })
  for (const region of ORIGIN_REGIONS) {
    // What `cdk context` would cache after an AWS lookup; set here so synth stays offline.
    app.node.setContext(
      `availability-zones:account=${config.account}:region=${region}`,
      config.availabilityZones[region],
    )
  }
  const data = new DataStack(app, names.dataStack, {
    env: env(PRIMARY_REGION),
    description: 'IELTS GenAI Prep: the DynamoDB Global Table and its replicas',
    tableName: names.table,
    replicaRegions: replicaRegionsFor(PRIMARY_REGION),
  })
  const origins = Object.fromEntries(
    ORIGIN_REGIONS.map((region) => {
      const stack = new RegionStack(app, names.originStack(region), {
        env: env(region),
        description: `IELTS GenAI Prep: the ${region} origin, its cache and alarms`,
        region,
        names,
        availabilityZones: config.availabilityZones[region],
        appVersion: config.appVersion,
        alarmEmail: config.alarmEmail,
      })
      stack.addStackDependency(data, 'uses the table replica the data stack creates')
      return [region, stack]
    }),
  ) as Record<OriginRegion, RegionStack>
  const edge = new EdgeStack(app, names.edgeStack, {
    env: env(PRIMARY_REGION),
    description: 'IELTS GenAI Prep: the IAM identity the Cloudflare worker signs with',
    account: config.account,
    originFunctionName: names.originFunction,
    regions: ORIGIN_REGIONS,
    keyGenerations: config.edgeKeyGenerations,
  })
  for (const origin of Object.values(origins)) edge.addStackDependency(origin, 'names its function')
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  return { data, origins, edge }
}
