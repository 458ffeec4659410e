import { describe, expect, it } from 'vitest'
import { deploymentNames, readDeployConfig } from '../../../../infra/lib/config'
import { REGIONS } from '../../../../shared/regions'

const context = (values: Record<string, string>) => (key: string) => values[key]

describe('readDeployConfig', () => {
  it('needs an account id, from context or the CLI, and says how to pass it', () => {
    expect(() => readDeployConfig(context({}), {})).toThrow(/-c account=123456789012/)
    expect(() => readDeployConfig(context({ account: '12345' }), {})).toThrow(/account/)
    expect(readDeployConfig(context({}), { CDK_DEFAULT_ACCOUNT: '210987654321' }).account).toBe(
      '210987654321',
    )
  })

  it('defaults to one edge key, three zones per region and the ielts-genai-prep prefix', () => {
    const config = readDeployConfig(context({ account: '123456789012' }), {})
    expect(config).toMatchObject({ prefix: 'ielts-genai-prep', edgeKeyGenerations: ['1'] })
    expect(Object.keys(config.availabilityZones)).toEqual([...REGIONS])
    expect(config.availabilityZones['eu-west-1']).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ])
  })

  it('takes zones, key generations and a prefix from context, refusing unusable ones', () => {
    const config = readDeployConfig(
      context({
        account: '123456789012',
        'azs:ap-southeast-1': 'ap-southeast-1a, ap-southeast-1c',
        edgeKeyGenerations: '1,2',
        prefix: 'ielts-staging',
      }),
      {},
    )
    expect(config.availabilityZones['ap-southeast-1']).toEqual([
      'ap-southeast-1a',
      'ap-southeast-1c',
    ])
    expect(config.edgeKeyGenerations).toEqual(['1', '2'])
    expect(deploymentNames(config.prefix).originStack('eu-west-1')).toBe(
      'ielts-staging-origin-eu-west-1',
    )
    const account = { account: '123456789012' }
    expect(() =>
      readDeployConfig(context({ ...account, 'azs:eu-west-1': 'eu-west-1a' }), {}),
    ).toThrow(/two zones/)
    expect(() => readDeployConfig(context({ ...account, 'azs:eu-west-1': 'a,b' }), {})).toThrow(
      /eu-west-1/,
    )
    expect(() =>
      readDeployConfig(context({ ...account, edgeKeyGenerations: '1,2,3' }), {}),
    ).toThrow(/one or two/)
    expect(() => readDeployConfig(context({ ...account, prefix: 'Bad--Prefix' }), {})).toThrow(
      /prefix/,
    )
  })
})
