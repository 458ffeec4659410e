import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import {
  NOVA_MICRO_MODEL_ID,
  NOVA_SONIC_DEFAULTS,
  NOVA_MICRO_PROFILES as WORKER_PROFILES,
} from '../../shared/models'
import type { OriginRegion } from './config'

// All our regions are in the `aws` partition; literal ARNs keep the policy readable and
// let the tests compare it statement by statement.
const PARTITION = 'aws'

export { NOVA_MICRO_MODEL_ID }

/**
 * The Nova Micro geo inference profile the worker calls in each origin region (the
 * worker's own id, so the grant cannot drift from the call), and the regions Bedrock may
 * route that call to (the profile's destinations for that source region). Bedrock
 * authorises the routed call against the foundation model in the region it lands in, so
 * each of those needs a grant too.
 *
 * Source: Amazon Bedrock User Guide, "Supported Regions and models for inference profiles"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html),
 * tables "US Nova Micro", "EU Nova Micro" and "APAC Nova Micro", rows for source regions
 * us-east-1, eu-west-1 and ap-southeast-1. Re-check when AWS adds destinations: a missing
 * one shows up as AccessDenied on a fraction of calls.
 */
export const NOVA_MICRO_PROFILES: Record<
  OriginRegion,
  { profileId: string; destinations: readonly string[] }
> = {
  'us-east-1': {
    profileId: WORKER_PROFILES['us-east-1'],
    destinations: ['us-east-1', 'us-east-2', 'us-west-2'],
  },
  'eu-west-1': {
    profileId: WORKER_PROFILES['eu-west-1'],
    destinations: ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'],
  },
  'ap-southeast-1': {
    profileId: WORKER_PROFILES['ap-southeast-1'],
    destinations: [
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-southeast-1',
      'ap-southeast-2',
    ],
  },
}

/**
 * Nova 2 Sonic, served from us-east-1 only over the bidirectional stream: the worker's
 * production default. A deployment that overrides `NOVA_SONIC_MODEL_ID` must change this.
 */
export const NOVA_SONIC = NOVA_SONIC_DEFAULTS

export type EdgePolicyInput = {
  account: string
  /** The origin function's name, the same in every region. */
  originFunctionName: string
  regions: readonly OriginRegion[]
}

/**
 * Everything the worker's IAM identity may do, statement by statement: call the three
 * origins' Function URLs (new URLs need both actions; each is pinned to the URL path by a
 * condition, as CDK's `grantInvokeUrl` does), Converse with Nova Micro through the three
 * geo profiles, and open Nova Sonic streams in us-east-1. Nothing else.
 *
 * @example
 * new Policy(stack, 'EdgePolicy', { statements: edgePolicyStatements({ account, … }) })
 */
export function edgePolicyStatements(input: EdgePolicyInput): PolicyStatement[] {
  const functions = input.regions.map(
    (region) =>
      `arn:${PARTITION}:lambda:${region}:${input.account}:function:${input.originFunctionName}`,
  )
  const profiles = input.regions.map((region) => ({
    arn: `arn:${PARTITION}:bedrock:${region}:${input.account}:inference-profile/${NOVA_MICRO_PROFILES[region].profileId}`,
    models: NOVA_MICRO_PROFILES[region].destinations.map((destination) =>
      foundationModelArn(destination, NOVA_MICRO_MODEL_ID),
    ),
  }))
  return [
    new PolicyStatement({
      sid: 'InvokeOriginFunctionUrls',
      actions: ['lambda:InvokeFunctionUrl'],
      resources: functions,
      conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
    }),
    new PolicyStatement({
      sid: 'InvokeOriginsThroughTheirUrls',
      actions: ['lambda:InvokeFunction'],
      resources: functions,
      conditions: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
    }),
    new PolicyStatement({
      sid: 'NovaMicroGeoInferenceProfiles',
      actions: ['bedrock:InvokeModel'],
      resources: profiles.map((profile) => profile.arn),
    }),
    new PolicyStatement({
      sid: 'NovaMicroInTheRegionsTheProfilesRouteTo',
      actions: ['bedrock:InvokeModel'],
      resources: [...new Set(profiles.flatMap((profile) => profile.models))],
    }),
    new PolicyStatement({
      sid: 'NovaSonicBidirectionalStream',
      actions: ['bedrock:InvokeModelWithBidirectionalStream'],
      resources: [foundationModelArn(NOVA_SONIC.region, NOVA_SONIC.modelId)],
    }),
  ]
}

function foundationModelArn(region: string, modelId: string): string {
  // Foundation models are AWS-owned: their ARNs have no account.
  return `arn:${PARTITION}:bedrock:${region}::foundation-model/${modelId}`
}
