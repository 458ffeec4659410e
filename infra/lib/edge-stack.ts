import { CfnOutput, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import { AccessKey, Policy, User } from 'aws-cdk-lib/aws-iam'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import type { OriginRegion } from './config'
import { edgePolicyStatements } from './edge-policy'

export type EdgeStackProps = StackProps & {
  account: string
  originFunctionName: string
  regions: readonly OriginRegion[]
  /** One access key per generation; two while a key is being rolled. */
  keyGenerations: string[]
}

/**
 * The IAM user the Cloudflare worker signs with (a worker cannot assume a role without a
 * long-lived key to start from), its exact policy, and its access keys — each written to
 * its own Secrets Manager secret and never to an output. Outputs name the secrets only.
 *
 * @example
 * new EdgeStack(app, 'ielts-genai-prep-edge', { env, account, originFunctionName,
 *   regions: ORIGIN_REGIONS, keyGenerations: ['1'] })
 */
export class EdgeStack extends Stack {
  readonly user: User
  readonly policy: Policy
  readonly keySecrets: Map<string, Secret> = new Map()

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props)
    this.user = new User(this, 'User')
    this.policy = new Policy(this, 'Policy', {
      statements: edgePolicyStatements({
        account: props.account,
        originFunctionName: props.originFunctionName,
        regions: props.regions,
      }),
      users: [this.user],
    })
    for (const generation of props.keyGenerations) {
      const secret = this.accessKeySecret(generation)
      this.keySecrets.set(generation, secret)
      new CfnOutput(this, `AccessKeySecretArn${generation}`, {
        description: `Secret holding edge access key generation ${generation} (read it with aws secretsmanager get-secret-value)`,
        value: secret.secretArn,
      })
    }
    new CfnOutput(this, 'EdgeUserName', { value: this.user.userName })
  }

  private accessKeySecret(generation: string): Secret {
    const key = new AccessKey(this, `AccessKey${generation}`, { user: this.user })
    const secret = new Secret(this, `AccessKeySecret${generation}`, {
      description: `IELTS edge worker access key, generation ${generation}`,
      secretObjectValue: {
        accessKeyId: SecretValue.unsafePlainText(key.accessKeyId),
        secretAccessKey: key.secretAccessKey,
      },
    })
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'An IAM access key cannot be rotated by Secrets Manager alone: the worker holds a copy ' +
        '(wrangler secret). Keys are rolled by adding a generation, updating the worker, then ' +
        'removing the old generation (infra/README.md, "Rolling the edge key").',
    })
    return secret
  }
}
