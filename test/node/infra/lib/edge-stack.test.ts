import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT, onlyResource, resourcesOf, type SynthesizedIelts, synthIelts } from '../support'

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

beforeAll(() => {
  synth = synthIelts()
}, 120_000)

afterAll(() => {
  synth?.dispose()
})

describe('EdgeStack', () => {
  it("gives the worker's IAM user exactly the origin, Nova Micro and Nova Sonic statements", () => {
    const template = synth.template(synth.stacks.edge)
    const [userId] = onlyResource(template, 'AWS::IAM::User')
    const [, policy] = onlyResource(template, 'AWS::IAM::Policy')
    expect(policy.Properties.Users).toEqual([{ Ref: userId }])
    expect(policy.Properties.PolicyDocument.Statement).toEqual(EXPECTED_STATEMENTS)
    expect(Object.keys(resourcesOf(template, 'AWS::IAM::ManagedPolicy'))).toEqual([])
    const [, user] = onlyResource(template, 'AWS::IAM::User')
    expect(user.Properties?.ManagedPolicyArns).toBeUndefined()
  })

  it('uses no wildcard in any action or resource', () => {
    const text = JSON.stringify(EXPECTED_STATEMENTS)
    expect(text).not.toContain('*')
    const [, policy] = onlyResource(synth.template(synth.stacks.edge), 'AWS::IAM::Policy')
    expect(JSON.stringify(policy.Properties.PolicyDocument)).not.toContain('*')
  })

  it('puts the access key in Secrets Manager, and names only the secret in outputs', () => {
    const template = synth.template(synth.stacks.edge)
    const [keyId] = onlyResource(template, 'AWS::IAM::AccessKey')
    const [secretId, secret] = onlyResource(template, 'AWS::SecretsManager::Secret')
    expect(secret.Properties.SecretString).toEqual({
      'Fn::Join': [
        '',
        [
          '{"accessKeyId":"',
          { Ref: keyId },
          '","secretAccessKey":"',
          { 'Fn::GetAtt': [keyId, 'SecretAccessKey'] },
          '"}',
        ],
      ],
    })
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>
    expect(JSON.stringify(outputs)).not.toContain('SecretAccessKey')
    expect(JSON.stringify(outputs)).not.toContain(`"Ref":"${keyId}"`)
    expect(outputs.AccessKeySecretArn1?.Value).toEqual({ Ref: secretId })
    // Nowhere else in the template does the secret half appear.
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
      const template = rolling.template(rolling.stacks.edge)
      expect(Object.keys(resourcesOf(template, 'AWS::IAM::AccessKey'))).toHaveLength(2)
      expect(Object.keys(resourcesOf(template, 'AWS::SecretsManager::Secret'))).toHaveLength(2)
      template.hasOutput('AccessKeySecretArn1', {})
      template.hasOutput('AccessKeySecretArn2', {})
    } finally {
      rolling.dispose()
    }
  }, 120_000)
})
