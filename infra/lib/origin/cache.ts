import { Fn } from 'aws-cdk-lib'
import { type IVpc, Port, SecurityGroup, type SubnetSelection } from 'aws-cdk-lib/aws-ec2'
import { CfnServerlessCache, CfnUser, CfnUserGroup } from 'aws-cdk-lib/aws-elasticache'
import { Construct } from 'constructs'
import { cacheAccessString } from './cache-access'

export const CACHE_PORT = 6379

// Cost guards, far above what sessions, rate-limit counters and idempotency records need
// (kilobytes per active user), so a runaway client is throttled rather than billed.
const MAX_DATA_STORAGE_GB = 5
const MAX_ECPU_PER_SECOND = 100_000

export type OriginCacheProps = {
  vpc: IVpc
  subnets: SubnetSelection
  cacheName: string
  /** The IAM-authenticated user the origin connects as (id = name, as IAM auth requires). */
  userId: string
  /** Id of the disabled `default` user every user group must contain. */
  defaultUserId: string
  userGroupId: string
}

/**
 * The region's ElastiCache Serverless (Valkey) cache. TLS is always on for serverless
 * caches; clients authenticate with IAM (the origin's role signs a 15-minute token) as a
 * user whose ACL admits only the commands the origin forwards; the default user is
 * disabled, so an unauthenticated connection can do nothing. The security group admits
 * nothing until `allowFrom` names a client.
 *
 * @example
 * const cache = new OriginCache(this, 'Cache', { vpc, subnets, cacheName: 'sessions', … })
 * cache.allowFrom(originFunctionSecurityGroup)
 */
export class OriginCache extends Construct {
  readonly securityGroup: SecurityGroup
  readonly cache: CfnServerlessCache
  readonly user: CfnUser
  readonly cacheName: string
  /** `rediss://<user>@<endpoint>:<port>`: what the origin's `REDIS_URL` is set to. */
  readonly url: string
  readonly cacheArn: string
  readonly userArn: string

  constructor(scope: Construct, id: string, props: OriginCacheProps) {
    super(scope, id)
    this.cacheName = props.cacheName
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Origin cache: reachable only from the origin function',
      allowAllOutbound: false,
    })
    this.user = new CfnUser(this, 'OriginUser', {
      engine: 'valkey',
      userId: props.userId,
      userName: props.userId,
      authenticationMode: { Type: 'iam' },
      accessString: cacheAccessString(),
    })
    const defaultUser = new CfnUser(this, 'DisabledDefaultUser', {
      engine: 'valkey',
      userId: props.defaultUserId,
      userName: 'default',
      authenticationMode: { Type: 'no-password-required' },
      accessString: 'off -@all',
    })
    const userGroup = new CfnUserGroup(this, 'UserGroup', {
      engine: 'valkey',
      userGroupId: props.userGroupId,
      userIds: [defaultUser.userId, this.user.userId],
    })
    userGroup.addResourceDependency(this.user)
    userGroup.addResourceDependency(defaultUser)
    this.cache = new CfnServerlessCache(this, 'Cache', {
      serverlessCacheName: props.cacheName,
      description: 'Sessions, rate limits and idempotency records of the origin',
      engine: 'valkey',
      majorEngineVersion: '8',
      securityGroupIds: [this.securityGroup.securityGroupId],
      subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
      userGroupId: userGroup.userGroupId,
      cacheUsageLimits: {
        dataStorage: { maximum: MAX_DATA_STORAGE_GB, unit: 'GB' },
        ecpuPerSecond: { maximum: MAX_ECPU_PER_SECOND },
      },
    })
    this.cache.addResourceDependency(userGroup)
    this.cacheArn = this.cache.attrArn
    this.userArn = this.user.attrArn
    this.url = Fn.join('', [
      `rediss://${props.userId}@`,
      this.cache.attrEndpointAddress,
      ':',
      this.cache.attrEndpointPort,
    ])
  }

  /** Lets `client` open connections to the cache's primary endpoint, and nothing else. */
  allowFrom(client: SecurityGroup): void {
    this.securityGroup.addIngressRule(client, Port.tcp(CACHE_PORT), 'Origin function')
    client.addEgressRule(this.securityGroup, Port.tcp(CACHE_PORT), 'Origin cache')
  }
}
