import { RemovalPolicy } from 'aws-cdk-lib'
import {
  FlowLogDestination,
  FlowLogTrafficType,
  type GatewayVpcEndpoint,
  GatewayVpcEndpointAwsService,
  IpAddresses,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2'
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'

export type OriginNetworkProps = {
  /** At least two zones: the cache and the function spread across them. */
  availabilityZones: string[]
  /** The only DynamoDB resources reachable through the gateway endpoint. */
  tableResources: string[]
  /** The DynamoDB actions the endpoint lets through (the origin's own grant). */
  tableActions: string[]
}

/**
 * The origin's private network: isolated subnets only (no internet gateway, no NAT
 * gateway, so nothing in it can reach the internet), a free DynamoDB gateway endpoint
 * whose policy admits only the table replica, and rejected-traffic flow logs.
 *
 * Nothing else is needed to run without NAT: the cache lives in these subnets, IAM auth
 * tokens for it are signed locally from the function's credentials, Lambda ships logs
 * and credentials outside the VPC, and no secret has to be fetched (so no Secrets Manager
 * or KMS interface endpoints, at ~$7/month each per AZ).
 *
 * @example
 * new OriginNetwork(this, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'],
 *   tableResources: [tableArn], tableActions: ['dynamodb:GetItem'] })
 */
export class OriginNetwork extends Construct {
  readonly vpc: Vpc
  readonly subnets: SubnetSelection = { subnetType: SubnetType.PRIVATE_ISOLATED }
  readonly dynamoEndpoint: GatewayVpcEndpoint

  constructor(scope: Construct, id: string, props: OriginNetworkProps) {
    super(scope, id)
    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.40.0.0/16'),
      availabilityZones: props.availabilityZones,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'origin', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
      ],
      // Restricting the default security group needs a Lambda-backed custom resource;
      // nothing here uses the default group, so it stays as AWS creates it.
      restrictDefaultSecurityGroup: false,
      flowLogs: {
        Rejected: {
          trafficType: FlowLogTrafficType.REJECT,
          destination: FlowLogDestination.toCloudWatchLogs(
            new LogGroup(this, 'FlowLogs', {
              retention: RetentionDays.ONE_MONTH,
              removalPolicy: RemovalPolicy.DESTROY,
            }),
          ),
        },
      },
    })
    this.dynamoEndpoint = this.vpc.addGatewayEndpoint('DynamoDb', {
      service: GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [this.subnets],
    })
    // A gateway endpoint policy limits what can be reached through it: even stolen
    // credentials could not copy data to another table from inside this VPC.
    this.dynamoEndpoint.addToPolicy(
      new PolicyStatement({
        principals: [new AnyPrincipal()],
        actions: props.tableActions,
        resources: props.tableResources,
      }),
    )
  }
}
