import { Capture, Match, Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT, getAtt, ref, type SynthesizedIelts, synthIelts } from '../support'

const FUNCTION = 'ielts-genai-prep-origin'
const functionArn = (region: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${FUNCTION}`
const origins = ['us-east-1', 'eu-west-1', 'ap-southeast-1'].map(functionArn)
const novaMicro = (region: string) =>
  `arn:aws:bedrock:${region}::foundation-model/amazon.nova-micro-v1:0`

// The policy the issue asks for, written out in full: a change to the edge's permissions
// has to change this test too.
const EXPECTED_STATEMENTS = [
  {
    Sid: 'InvokeOriginFunctionUrls',
    Effect: 'Allow',
    Action: 'lambda:InvokeFunctionUrl',
    Resource: origins,
    Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
  },
  {
    Sid: 'InvokeOriginsThroughTheirUrls',
    Effect: 'Allow',
    Action: 'lambda:InvokeFunction',
    Resource: origins,
    Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
  },
  {
    Sid: 'NovaMicroGeoInferenceProfiles',
    Effect: 'Allow',
    Action: 'bedrock:InvokeModel',
    Resource: [
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.amazon.nova-micro-v1:0`,
      `arn:aws:bedrock:eu-west-1:${ACCOUNT}:inference-profile/eu.amazon.nova-micro-v1:0`,
      `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/apac.amazon.nova-micro-v1:0`,
    ],
  },
  {
    Sid: 'NovaMicroInTheRegionsTheProfilesRouteTo',
    Effect: 'Allow',
    Action: 'bedrock:InvokeModel',
    // Bedrock User Guide, "Supported Regions and models for inference profiles": the
    // destinations of us./eu./apac.amazon.nova-micro-v1:0 from our three source regions.
    Resource: [
      ...['us-east-1', 'us-east-2', 'us-west-2'],
      ...['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'],
      ...['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1'],
      ...['ap-southeast-1', 'ap-southeast-2'],
    ].map(novaMicro),
  },
  {
    Sid: 'NovaSonicBidirectionalStream',
    Effect: 'Allow',
    Action: 'bedrock:InvokeModelWithBidirectionalStream',
    Resource: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-sonic-v1:0',
  },
]

let synth: SynthesizedIelts
let template: Template

beforeAll(() => {
  synth = synthIelts()
  template = Template.fromStack(synth.stacks.edge)
}, 120_000)

afterAll(() => {
  synth?.dispose()
})

/** The access key's secret half as the template reads it: `Fn::GetAtt [key, SecretAccessKey]`. */
const secretHalf = (keyId: string) => getAtt(keyId, 'SecretAccessKey')

describe('EdgeStack', () => {
  it("gives the worker's IAM user exactly the origin, Nova Micro and Nova Sonic statements", () => {
    const userId = template.getResourceId('AWS::IAM::User')
    template.resourceCountIs('AWS::IAM::Policy', 1)
    template.hasResourceProperties('AWS::IAM::Policy', {
      Users: Match.exact([ref(userId)]),
      PolicyDocument: { Statement: Match.exact(EXPECTED_STATEMENTS) },
    })
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0)
    template.resourceCountIs('AWS::IAM::Group', 0)
    template.hasResourceProperties('AWS::IAM::User', {
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
      Groups: Match.absent(),
    })
  })

  it('uses no wildcard in any action or resource', () => {
    expect(JSON.stringify(EXPECTED_STATEMENTS)).not.toContain('*')
    // Match has no "nowhere in this document" matcher: read the synthesized policy as text.
    const policies = template.findResources('AWS::IAM::Policy')
    expect(Object.keys(policies)).toHaveLength(1)
    expect(JSON.stringify(policies)).not.toContain('*')
  })

  it('puts the access key in Secrets Manager, and names only the secret in outputs', () => {
    const userId = template.getResourceId('AWS::IAM::User')
    const keyId = template.getResourceId('AWS::IAM::AccessKey')
    const secretId = template.getResourceId('AWS::SecretsManager::Secret')
    template.hasResourceProperties(
      'AWS::IAM::AccessKey',
      Match.objectEquals({ UserName: ref(userId) }),
    )
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: Match.exact({
        'Fn::Join': [
          '',
          ['{"accessKeyId":"', ref(keyId), '","secretAccessKey":"', secretHalf(keyId), '"}'],
        ],
      }),
    })
    template.hasOutput('AccessKeySecretArn1', { Value: ref(secretId) })
    // Neither half of the key may reach an output, however deeply it is nested in one, and
    // the secret half appears nowhere but in the secret: Match has no "nowhere in this
    // section" matcher, so these read the template as text.
    const outputs = JSON.stringify(template.findOutputs('*'))
    expect(outputs).not.toContain('SecretAccessKey')
    expect(outputs).not.toContain(JSON.stringify(ref(keyId)))
    const uses = JSON.stringify(template.toJSON()).split('SecretAccessKey').length - 1
    expect(uses).toBe(1)
  })

  it('deploys after the origins whose functions its policy names', () => {
    const dependencies = synth.stacks.edge.dependencies.map((stack) => stack.stackName).sort()
    expect(dependencies).toEqual(
      Object.values(synth.stacks.origins)
        .map((stack) => stack.stackName)
        .sort(),
    )
    expect(synth.stacks.edge.region).toBe('us-east-1')
  })
})

describe('EdgeStack while a key is being rolled', () => {
  it('holds one access key and one secret per generation', () => {
    const rolling = synthIelts({ edgeKeyGenerations: '1,2' })
    try {
      const template = Template.fromStack(rolling.stacks.edge)
      template.resourceCountIs('AWS::IAM::AccessKey', 2)
      template.resourceCountIs('AWS::SecretsManager::Secret', 2)
      // Each key is written to a secret, and the two generations' outputs name the two secrets.
      for (const keyId of Object.keys(template.findResources('AWS::IAM::AccessKey'))) {
        template.hasResourceProperties('AWS::SecretsManager::Secret', {
          SecretString: {
            'Fn::Join': ['', Match.arrayWith([ref(keyId), secretHalf(keyId)])],
          },
        })
      }
      const named = ['1', '2'].map((generation) => {
        const secret = new Capture()
        template.hasOutput(`AccessKeySecretArn${generation}`, { Value: { Ref: secret } })
        return secret.asString()
      })
      expect(named.sort()).toEqual(
        Object.keys(template.findResources('AWS::SecretsManager::Secret')).sort(),
      )
    } finally {
      rolling.dispose()
    }
  }, 120_000)
})
