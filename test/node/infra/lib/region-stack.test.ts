import type { Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN_REGIONS, type OriginRegion } from '../../../../infra/lib/config'
import { cacheAccessString } from '../../../../infra/lib/origin/cache-access'
import { ORIGIN_TABLE_ACTIONS } from '../../../../infra/lib/region-stack'
import {
  ACCOUNT,
  onlyResource,
  type Resource,
  resourcesOf,
  type SynthesizedIelts,
  synthIelts,
} from '../support'

let synth: SynthesizedIelts

beforeAll(() => {
  synth = synthIelts()
}, 120_000)

afterAll(() => {
  synth?.dispose()
})

const templateOf = (region: OriginRegion) => synth.template(synth.stacks.origins[region])
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] })

/** A template value with `Ref AWS::Partition` read as `aws` and Fn::Join applied. */
function literal(value: unknown): string {
  if (typeof value === 'string') return value
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']
  if (join) return join[1].map(literal).join(join[0])
  if ((value as { Ref?: string }).Ref === 'AWS::Partition') return 'aws'
  return JSON.stringify(value)
}

function originFunction(template: Template): [string, Resource] {
  return onlyResource(template, 'AWS::Lambda::Function')
}

describe.each(ORIGIN_REGIONS)('RegionStack in %s', (region) => {
  it('deploys to its own region', () => {
    expect(synth.stacks.origins[region].region).toBe(region)
    expect(synth.stacks.origins[region].account).toBe(ACCOUNT)
  })

  it('runs the origin on Node.js 22, arm64, 512 MB, 10 s, from the esbuild bundle', () => {
    const [, fn] = originFunction(templateOf(region))
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
    })
  })

  it('serves the function through a Function URL with AWS_IAM auth, and opens it to no one', () => {
    const template = templateOf(region)
    const [fnId] = originFunction(template)
    const [, url] = onlyResource(template, 'AWS::Lambda::Url')
    expect(url.Properties).toEqual({
      AuthType: 'AWS_IAM',
      TargetFunctionArn: getAtt(fnId, 'Arn'),
    })
    const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission'))
    expect(permissions.map((p) => p.Properties.Principal)).toEqual(['events.amazonaws.com'])
  })

  it("puts the function in the VPC's isolated subnets: no internet or NAT gateway, no routes out", () => {
    const template = templateOf(region)
    const [, fn] = originFunction(template)
    const subnets = resourcesOf(template, 'AWS::EC2::Subnet')
    expect(fn.Properties.VpcConfig.SubnetIds.map((ref: { Ref: string }) => ref.Ref).sort()).toEqual(
      Object.keys(subnets).sort(),
    )
    const zones = new Set(Object.values(subnets).map((s) => s.Properties.AvailabilityZone))
    expect(zones.size).toBeGreaterThanOrEqual(2)
    for (const subnet of Object.values(subnets)) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false)
    }
    for (const type of [
      'InternetGateway',
      'NatGateway',
      'EIP',
      'Route',
      'EgressOnlyInternetGateway',
    ]) {
      expect(Object.keys(resourcesOf(template, `AWS::EC2::${type}`))).toEqual([])
    }
  })

  it('reaches DynamoDB through a gateway endpoint that admits only the table replica', () => {
    const template = templateOf(region)
    const [, endpoint] = onlyResource(template, 'AWS::EC2::VPCEndpoint')
    expect(endpoint.Properties.VpcEndpointType).toBe('Gateway')
    expect(literal(endpoint.Properties.ServiceName)).toBe(
      'com.amazonaws.{"Ref":"AWS::Region"}.dynamodb',
    )
    const [statement] = endpoint.Properties.PolicyDocument.Statement
    expect(statement.Resource.map(literal)).toEqual(replicaArns(region))
  })

  it("admits cache connections only from the function's security group, on 6379", () => {
    const template = templateOf(region)
    const [, fn] = originFunction(template)
    const [, cache] = onlyResource(template, 'AWS::ElastiCache::ServerlessCache')
    const [cacheGroup] = cache.Properties.SecurityGroupIds
    const [functionGroup] = fn.Properties.VpcConfig.SecurityGroupIds
    const cacheGroupId = cacheGroup['Fn::GetAtt'][0]
    expect(
      resourcesOf(template, 'AWS::EC2::SecurityGroup')[cacheGroupId]?.Properties
        .SecurityGroupIngress,
    ).toBeUndefined()
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify(cacheGroup))
      .map((rule) => rule.Properties)
    expect(ingress).toEqual([
      {
        Description: 'Origin function',
        GroupId: cacheGroup,
        SourceSecurityGroupId: functionGroup,
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
      },
    ])
  })

  it('runs a Valkey serverless cache in the isolated subnets whose only usable user is IAM-authenticated', () => {
    const template = templateOf(region)
    const [, fn] = originFunction(template)
    const [, cache] = onlyResource(template, 'AWS::ElastiCache::ServerlessCache')
    expect(cache.Properties.Engine).toBe('valkey')
    expect(cache.Properties.SubnetIds).toEqual(fn.Properties.VpcConfig.SubnetIds)
    const [, group] = onlyResource(template, 'AWS::ElastiCache::UserGroup')
    expect(cache.Properties.UserGroupId).toBe(group.Properties.UserGroupId)
    const users = Object.values(resourcesOf(template, 'AWS::ElastiCache::User')).map(
      (u) => u.Properties,
    )
    expect(users.map((u) => u.UserId).sort()).toEqual([...group.Properties.UserIds].sort())
    const iamUser = users.find((u) => u.AuthenticationMode.Type === 'iam')
    expect(iamUser).toMatchObject({ UserName: iamUser?.UserId, AccessString: cacheAccessString() })
    const defaultUser = users.find((u) => u.UserName === 'default')
    expect(defaultUser?.AccessString).toBe('off -@all')
  })

  it('names the table and the cache in the environment, for IAM auth as the cache user', () => {
    const template = templateOf(region)
    const [, fn] = originFunction(template)
    const [cacheId, cache] = onlyResource(template, 'AWS::ElastiCache::ServerlessCache')
    const [, iamUser] = Object.entries(resourcesOf(template, 'AWS::ElastiCache::User')).find(
      ([, u]) => u.Properties.AuthenticationMode.Type === 'iam',
    )!
    const env = fn.Properties.Environment.Variables
    expect(env.TABLE_NAME).toBe('ielts-genai-prep')
    expect(env.REDIS_IAM_CACHE_NAME).toBe(cache.Properties.ServerlessCacheName)
    expect(env.REDIS_URL).toEqual({
      'Fn::Join': [
        '',
        [
          `rediss://${iamUser.Properties.UserId}@`,
          getAtt(cacheId, 'Endpoint.Address'),
          ':',
          getAtt(cacheId, 'Endpoint.Port'),
        ],
      ],
    })
  })

  it('grants the function its log group, its VPC interfaces, the replica in its region and the cache user — nothing more', () => {
    const template = templateOf(region)
    const [, fn] = originFunction(template)
    const roleId = fn.Properties.Role['Fn::GetAtt'][0]
    const [, role] = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).find(
      ([id]) => id === roleId,
    )!
    expect(role.Properties.ManagedPolicyArns).toBeUndefined()
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) =>
      p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId),
    )
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement)
    const [cacheId] = onlyResource(template, 'AWS::ElastiCache::ServerlessCache')
    const [iamUserId] = Object.entries(resourcesOf(template, 'AWS::ElastiCache::User')).find(
      ([, u]) => u.Properties.AuthenticationMode.Type === 'iam',
    )!
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: getAtt(logGroupId, 'Arn'),
      },
      {
        Action: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        Effect: 'Allow',
        Resource: '*',
      },
      { Action: ORIGIN_TABLE_ACTIONS, Effect: 'Allow', Resource: expect.any(Array) },
      {
        Action: 'elasticache:Connect',
        Effect: 'Allow',
        Resource: [getAtt(cacheId, 'ARN'), getAtt(iamUserId, 'Arn')],
      },
    ])
    expect(statements[2].Resource.map(literal)).toEqual(replicaArns(region))
  })

  it('keeps its logs for a month', () => {
    const template = templateOf(region)
    const [, fn] = originFunction(template)
    const logGroup = resourcesOf(template, 'AWS::Logs::LogGroup')[
      fn.Properties.LoggingConfig.LogGroup.Ref
    ]
    expect(logGroup?.Properties.RetentionInDays).toBe(30)
  })

  it('warms the function every five minutes, without retries', () => {
    const template = templateOf(region)
    const [fnId] = originFunction(template)
    const [, rule] = onlyResource(template, 'AWS::Events::Rule')
    expect(rule.Properties.ScheduleExpression).toBe('rate(5 minutes)')
    expect(rule.Properties.State).toBe('ENABLED')
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: getAtt(fnId, 'Arn'),
        RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 },
      }),
    ])
  })

  it('alarms on errors, throttles and p99 duration, notifying the alarm topic', () => {
    const template = templateOf(region)
    const [fnId] = originFunction(template)
    const [topicId] = onlyResource(template, 'AWS::SNS::Topic')
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    )
    const summary = alarms.map((a) => [
      a.MetricName,
      a.Statistic ?? a.ExtendedStatistic,
      a.Threshold,
    ])
    expect(summary.sort()).toEqual([
      ['Duration', 'p99', 2000],
      ['Errors', 'Sum', 1],
      ['Throttles', 'Sum', 1],
    ])
    for (const alarm of alarms) {
      expect(alarm.Namespace).toBe('AWS/Lambda')
      expect(alarm.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: fnId } }])
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }])
    }
  })

  it('outputs the origin URL the worker needs', () => {
    const template = templateOf(region)
    const [urlId] = onlyResource(template, 'AWS::Lambda::Url')
    template.hasOutput('OriginUrl', { Value: getAtt(urlId, 'FunctionUrl') })
  })
})

function replicaArns(region: OriginRegion): string[] {
  const table = `arn:aws:dynamodb:${region}:${ACCOUNT}:table/ielts-genai-prep`
  return [table, `${table}/index/gsi1`]
}
