import { Capture, Match, Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN_REGIONS, type OriginRegion } from '../../../../infra/lib/config'
import { cacheAccessString } from '../../../../infra/lib/origin/cache-access'
import { ACCOUNT, getAtt, ref, type SynthesizedIelts, synthIelts } from '../support'

const FUNCTION = 'AWS::Lambda::Function'
const CACHE = 'AWS::ElastiCache::ServerlessCache'
const CACHE_USER = 'AWS::ElastiCache::User'
// What the origin may do with its replica, written out: widening the grant (or the gateway
// endpoint's policy) has to change this test too.
const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:BatchWriteItem',
]

let synth: SynthesizedIelts

beforeAll(() => {
  synth = synthIelts()
}, 120_000)

afterAll(() => {
  synth?.dispose()
})

const templateOf = (region: OriginRegion) => Template.fromStack(synth.stacks.origins[region])

/** `arn:${AWS::Partition}<rest>`, as `Stack.formatArn` writes an ARN into a template. */
const partitionArn = (rest: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]],
})

/** The table replica in `region` and its index: the only DynamoDB resources the origin reaches. */
function replicaArns(region: OriginRegion) {
  const table = `:dynamodb:${region}:${ACCOUNT}:table/ielts-genai-prep`
  return [partitionArn(table), partitionArn(`${table}/index/gsi1`)]
}

/**
 * The logical ids a list of `{ Ref }` names, sorted: subnet and route-table lists are sets
 * to AWS, and Match has no "same members in any order" matcher.
 */
const sortedRefs = (capture: Capture) =>
  capture
    .asArray()
    .map((value: { Ref: string }) => value.Ref)
    .sort()

/** The function's subnets, security group, role and log group, by logical id. */
function functionWiring(template: Template) {
  const subnets = new Capture()
  const securityGroup = new Capture()
  const role = new Capture()
  const logGroup = new Capture()
  template.resourceCountIs(FUNCTION, 1)
  template.hasResourceProperties(FUNCTION, {
    VpcConfig: {
      SubnetIds: subnets,
      SecurityGroupIds: [{ 'Fn::GetAtt': [securityGroup, 'GroupId'] }],
    },
    Role: { 'Fn::GetAtt': [role, 'Arn'] },
    LoggingConfig: { LogGroup: { Ref: logGroup } },
  })
  return {
    id: template.getResourceId(FUNCTION),
    subnets,
    securityGroupId: securityGroup.asString(),
    roleId: role.asString(),
    logGroupId: logGroup.asString(),
  }
}

/** The IAM-authenticated cache user's logical id and UserId; fails unless there is one. */
function iamCacheUser(template: Template) {
  const iamMode = { AuthenticationMode: Match.exact({ Type: 'iam' }) }
  const userId = new Capture()
  template.resourcePropertiesCountIs(CACHE_USER, iamMode, 1)
  template.hasResourceProperties(CACHE_USER, { ...iamMode, UserId: userId })
  return {
    id: template.getResourceId(CACHE_USER, { Properties: iamMode }),
    userId: userId.asString(),
  }
}

describe.each(ORIGIN_REGIONS)('RegionStack in %s', (region) => {
  it('deploys to its own region', () => {
    expect(synth.stacks.origins[region].region).toBe(region)
    expect(synth.stacks.origins[region].account).toBe(ACCOUNT)
  })

  it('runs the origin on Node.js 22, arm64, 512 MB, 10 s, from the esbuild bundle', () => {
    const template = templateOf(region)
    template.resourceCountIs(FUNCTION, 1)
    template.hasResourceProperties(FUNCTION, {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('^[0-9a-f]{64}\\.zip$') },
    })
  })

  it('serves the function through a Function URL with AWS_IAM auth, and opens it to no one', () => {
    const template = templateOf(region)
    const fnId = template.getResourceId(FUNCTION)
    template.resourceCountIs('AWS::Lambda::Url', 1)
    template.hasResourceProperties(
      'AWS::Lambda::Url',
      Match.objectEquals({ AuthType: 'AWS_IAM', TargetFunctionArn: getAtt(fnId, 'Arn') }),
    )
    // The one resource-based permission is the warming rule's.
    template.resourceCountIs('AWS::Lambda::Permission', 1)
    template.hasResourceProperties(
      'AWS::Lambda::Permission',
      Match.objectEquals({
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(fnId, 'Arn'),
        Principal: 'events.amazonaws.com',
        SourceArn: getAtt(template.getResourceId('AWS::Events::Rule'), 'Arn'),
      }),
    )
  })

  it("puts the function in the VPC's isolated subnets: no internet or NAT gateway, no routes out", () => {
    const template = templateOf(region)
    const subnets = Object.keys(template.findResources('AWS::EC2::Subnet'))
    expect(sortedRefs(functionWiring(template).subnets)).toEqual(subnets.sort())
    // One isolated subnet in each of the region's configured zones (at least two).
    const zones = synth.stacks.origins[region].availabilityZones
    expect(zones.length).toBeGreaterThanOrEqual(2)
    template.resourceCountIs('AWS::EC2::Subnet', zones.length)
    for (const zone of zones) {
      template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: zone })
    }
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false })
    for (const type of [
      'InternetGateway',
      'NatGateway',
      'EIP',
      'Route',
      'EgressOnlyInternetGateway',
    ]) {
      template.resourceCountIs(`AWS::EC2::${type}`, 0)
    }
  })

  it('reaches DynamoDB through a gateway endpoint that admits only the table replica', () => {
    const template = templateOf(region)
    const routeTables = new Capture()
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1)
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.exact({
        'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']],
      }),
      RouteTableIds: routeTables,
      PolicyDocument: {
        Statement: Match.exact([
          {
            Action: TABLE_ACTIONS,
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Resource: replicaArns(region),
          },
        ]),
      },
    })
    // Routed from every subnet's route table, or some zones would not reach it.
    expect(sortedRefs(routeTables)).toEqual(
      Object.keys(template.findResources('AWS::EC2::RouteTable')).sort(),
    )
  })

  it("admits cache connections only from the function's security group, on 6379", () => {
    const template = templateOf(region)
    const { securityGroupId: functionGroupId } = functionWiring(template)
    const cacheGroup = new Capture()
    template.hasResourceProperties(CACHE, {
      SecurityGroupIds: [{ 'Fn::GetAtt': [cacheGroup, 'GroupId'] }],
    })
    const cacheGroupId = cacheGroup.asString()
    // No inline rule on the group itself (hasResource cannot pick a resource by logical id).
    template.templateMatches({
      Resources: {
        [cacheGroupId]: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { SecurityGroupIngress: Match.absent() },
        },
      },
    })
    const intoCache = { GroupId: getAtt(cacheGroupId, 'GroupId') }
    template.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', intoCache, 1)
    template.hasResourceProperties(
      'AWS::EC2::SecurityGroupIngress',
      Match.objectEquals({
        Description: 'Origin function',
        ...intoCache,
        SourceSecurityGroupId: getAtt(functionGroupId, 'GroupId'),
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
      }),
    )
  })

  it('runs a Valkey serverless cache in the isolated subnets whose only usable user is IAM-authenticated', () => {
    const template = templateOf(region)
    const { subnets } = functionWiring(template)
    const groupId = new Capture()
    const members = new Capture()
    template.resourceCountIs('AWS::ElastiCache::UserGroup', 1)
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', {
      UserGroupId: groupId,
      UserIds: members,
    })
    template.resourceCountIs(CACHE, 1)
    template.hasResourceProperties(CACHE, {
      Engine: 'valkey',
      SubnetIds: Match.exact(subnets.asArray()),
      UserGroupId: groupId.asString(),
    })
    const iamUser = iamCacheUser(template)
    template.hasResourceProperties(CACHE_USER, {
      UserId: iamUser.userId,
      UserName: iamUser.userId,
      AccessString: cacheAccessString(),
    })
    const defaultUser = new Capture()
    template.hasResourceProperties(CACHE_USER, {
      UserName: 'default',
      UserId: defaultUser,
      AccessString: 'off -@all',
    })
    // The group holds exactly these two users, and no other user exists.
    template.resourceCountIs(CACHE_USER, 2)
    expect([...members.asArray()].sort()).toEqual([iamUser.userId, defaultUser.asString()].sort())
  })

  it('names the table and the cache in the environment, for IAM auth as the cache user, and nothing else', () => {
    const template = templateOf(region)
    const cacheId = template.getResourceId(CACHE)
    const cacheName = new Capture()
    template.hasResourceProperties(CACHE, { ServerlessCacheName: cacheName })
    template.hasResourceProperties(FUNCTION, {
      Environment: {
        Variables: Match.objectEquals({
          TABLE_NAME: 'ielts-genai-prep',
          REDIS_IAM_CACHE_NAME: cacheName.asString(),
          REDIS_URL: {
            'Fn::Join': [
              '',
              [
                `rediss://${iamCacheUser(template).userId}@`,
                getAtt(cacheId, 'Endpoint.Address'),
                ':',
                getAtt(cacheId, 'Endpoint.Port'),
              ],
            ],
          },
          APP_VERSION: '0.0.0-dev',
        }),
      },
    })
  })

  it('grants the function its log group, its VPC interfaces, the replica in its region and the cache user — nothing more', () => {
    const template = templateOf(region)
    const { roleId, logGroupId } = functionWiring(template)
    // Assumable by Lambda only, and no managed or inline policy beside the one below.
    // (templateMatches, because hasResource cannot pick a resource by logical id.)
    template.templateMatches({
      Resources: {
        [roleId]: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: Match.exact({
              Statement: [
                {
                  Action: 'sts:AssumeRole',
                  Effect: 'Allow',
                  Principal: { Service: 'lambda.amazonaws.com' },
                },
              ],
              Version: '2012-10-17',
            }),
            ManagedPolicyArns: Match.absent(),
            Policies: Match.absent(),
          },
        },
      },
    })
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0)
    const onRole = { Roles: Match.arrayWith([ref(roleId)]) }
    template.resourcePropertiesCountIs('AWS::IAM::Policy', onRole, 1)
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: Match.exact([ref(roleId)]),
      PolicyDocument: {
        Statement: Match.exact([
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
          { Action: TABLE_ACTIONS, Effect: 'Allow', Resource: replicaArns(region) },
          {
            Action: 'elasticache:Connect',
            Effect: 'Allow',
            Resource: [
              getAtt(template.getResourceId(CACHE), 'ARN'),
              getAtt(iamCacheUser(template).id, 'Arn'),
            ],
          },
        ]),
      },
    })
  })

  it('keeps its logs for a month, and past the deletion of the stack', () => {
    const template = templateOf(region)
    template.templateMatches({
      Resources: {
        [functionWiring(template).logGroupId]: {
          Type: 'AWS::Logs::LogGroup',
          Properties: { RetentionInDays: 30 },
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        },
      },
    })
  })

  it("logs the VPC's rejected traffic for a month, in a log group deleted with the stack", () => {
    const template = templateOf(region)
    const logGroup = new Capture()
    template.resourceCountIs('AWS::EC2::FlowLog', 1)
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      ResourceId: ref(template.getResourceId('AWS::EC2::VPC')),
      TrafficType: 'REJECT',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: logGroup },
    })
    template.templateMatches({
      Resources: {
        [logGroup.asString()]: {
          Type: 'AWS::Logs::LogGroup',
          Properties: { RetentionInDays: 30 },
          DeletionPolicy: 'Delete',
        },
      },
    })
  })

  it('warms the function every five minutes, without retries', () => {
    const template = templateOf(region)
    template.resourceCountIs('AWS::Events::Rule', 1)
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: getAtt(template.getResourceId(FUNCTION), 'Arn'),
          RetryPolicy: Match.exact({ MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 }),
        }),
      ],
    })
  })

  it('alarms on errors, throttles and p99 duration, notifying the alarm topic', () => {
    const template = templateOf(region)
    const fnId = template.getResourceId(FUNCTION)
    const topicId = template.getResourceId('AWS::SNS::Topic')
    const sum = { Statistic: 'Sum', ExtendedStatistic: Match.absent() }
    const p99 = { Statistic: Match.absent(), ExtendedStatistic: 'p99' }
    // Three alarms, one per metric: each of them is one of these.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3)
    for (const [metric, statistic, threshold, periods] of [
      ['Duration', p99, 2000, 3],
      ['Errors', sum, 1, 1],
      ['Throttles', sum, 1, 1],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        ...statistic,
        Threshold: threshold,
        EvaluationPeriods: periods,
        Period: 300,
      })
    }
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      Dimensions: Match.exact([{ Name: 'FunctionName', Value: ref(fnId) }]),
      AlarmActions: Match.exact([ref(topicId)]),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      // No invocations is no error: a quiet region must not page.
      TreatMissingData: 'notBreaching',
    })
  })

  it('refuses alarm notifications published without TLS', () => {
    const template = templateOf(region)
    const topicId = template.getResourceId('AWS::SNS::Topic')
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(topicId)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Principal: '*',
            Resource: ref(topicId),
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    })
  })

  it('outputs the origin URL the worker needs', () => {
    const template = templateOf(region)
    const urlId = template.getResourceId('AWS::Lambda::Url')
    template.hasOutput('OriginUrl', { Value: getAtt(urlId, 'FunctionUrl') })
  })
})
