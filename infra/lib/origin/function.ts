import { join } from 'node:path'
import { Duration, Validations } from 'aws-cdk-lib'
import { type IVpc, Peer, Port, SecurityGroup, type SubnetSelection } from 'aws-cdk-lib/aws-ec2'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import {
  Architecture,
  type FunctionUrl,
  FunctionUrlAuthType,
  Runtime,
} from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import type { OriginCache } from './cache'

/** The repository root: NodejsFunction bundles `origin/lambda.ts` against its lock file. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..')

// Memory: Lambda allots CPU in proportion (1,769 MB = 1 vCPU), so 512 MB gives ~0.3 vCPU
// for a cold start's work — parsing the 1.2 MB bundle, TLS and IAM auth to the cache —
// while a warm request (one DynamoDB call, a Redis round trip) mostly waits on I/O and
// stays cheap. Timeout: the worker gives up after 2.5 s and fails over, but a write it
// abandoned must still run to its end (transactions are atomic, nothing is left
// half-written), and erasing a large user's partition walks it in batches of 25: 10 s.
const MEMORY_MB = 512
const TIMEOUT = Duration.seconds(10)
export const WARMING_SCHEDULE = Schedule.rate(Duration.minutes(5))

export type OriginFunctionProps = {
  vpc: IVpc
  subnets: SubnetSelection
  functionName: string
  tableName: string
  /** The replica in this region, and its indexes: the only DynamoDB resources granted. */
  tableResources: string[]
  tableActions: string[]
  cache: OriginCache
  appVersion: string
}

/**
 * The origin Lambda (Node.js 22 on arm64, bundled by esbuild from `origin/lambda.ts`)
 * behind a Function URL with AWS_IAM auth, in the VPC's isolated subnets, with its own
 * role (logs, VPC network interfaces, the table replica, the cache user — nothing else),
 * a log group with retention, and the five-minute warming rule.
 *
 * @example
 * const origin = new OriginFunction(this, 'Origin', { vpc, subnets, cache, … })
 * new CfnOutput(this, 'OriginUrl', { value: origin.url.url })
 */
export class OriginFunction extends Construct {
  readonly function: NodejsFunction
  readonly url: FunctionUrl
  readonly securityGroup: SecurityGroup
  readonly logGroup: LogGroup
  readonly warming: Rule

  constructor(scope: Construct, id: string, props: OriginFunctionProps) {
    super(scope, id)
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Origin function: HTTPS to AWS APIs (DynamoDB endpoint) and the cache',
      allowAllOutbound: false,
    })
    this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'DynamoDB gateway endpoint')
    props.cache.allowFrom(this.securityGroup)
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH })
    this.function = this.createFunction(props, this.createRole(props))
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM })
    this.warming = new Rule(this, 'Warming', {
      description: 'Keeps the origin and its cache connection warm',
      schedule: WARMING_SCHEDULE,
      targets: [
        new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) }),
      ],
    })
  }

  private createFunction(props: OriginFunctionProps, role: Role): NodejsFunction {
    const fn = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: 'IELTS GenAI Prep regional origin: data API and Redis endpoint',
      entry: join(PROJECT_ROOT, 'origin', 'lambda.ts'),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: MEMORY_MB,
      timeout: TIMEOUT,
      role,
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      environment: {
        TABLE_NAME: props.tableName,
        REDIS_URL: props.cache.url,
        REDIS_IAM_CACHE_NAME: props.cache.cacheName,
        APP_VERSION: props.appVersion,
      },
      bundling: {
        format: OutputFormat.CJS,
        target: 'node22',
        minify: true,
        sourceMap: false,
        // The pinned SDK the tests ran against, not whichever the runtime ships.
        bundleAwsSDK: true,
        forceDockerBundling: false,
      },
    })
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the project pins (package.json engines and its node ' +
        'dependency) and tests the origin on; moving to a newer runtime is a deliberate ' +
        'upgrade of the toolchain and the tests, not a deploy-time switch.',
    })
    return fn
  }

  private createRole(props: OriginFunctionProps): Role {
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Origin function: logs, VPC interfaces, the table replica, the cache user',
    })
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    )
    // What AWSLambdaVPCAccessExecutionRole grants for EC2, and only that: Lambda manages
    // the function's network interfaces with the function's role, and these EC2 actions
    // take no resource-level restriction Lambda's own validation would accept.
    const networkInterfaces = new PolicyStatement({
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    })
    role.addToPolicy(networkInterfaces)
    role.addToPolicy(
      new PolicyStatement({ actions: props.tableActions, resources: props.tableResources }),
    )
    role.addToPolicy(
      new PolicyStatement({
        actions: ['elasticache:Connect'],
        resources: [props.cache.cacheArn, props.cache.userArn],
      }),
    )
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the six EC2 network-interface actions Lambda needs to attach the function to ' +
        'its VPC are granted on "*" (as in AWSLambdaVPCAccessExecutionRole); every other ' +
        'statement names its resources.',
    })
    return role
  }
}
