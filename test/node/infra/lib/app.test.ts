import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, Stack, Validations } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildIeltsApp } from '../../../../infra/lib/app'
import { readDeployConfig } from '../../../../infra/lib/config'
import { ACCOUNT, type SynthesizedIelts, synthIelts } from '../support'

let synth: SynthesizedIelts

beforeAll(() => {
  synth = synthIelts()
}, 120_000)

afterAll(() => {
  synth?.dispose()
})

/** Every `Validations.of(x).acknowledge()` in the tree: rule id → reason, by path. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^[^:]+::/, ''),
          reason,
        })),
      ),
  )
}

describe('buildIeltsApp', () => {
  it('creates the data, three origin and edge stacks in deploy order', () => {
    const { data, origins, edge } = synth.stacks
    expect(synth.app.node.children.filter(Stack.isStack).map((s) => s.stackName)).toEqual([
      'ielts-genai-prep-data',
      'ielts-genai-prep-origin-us-east-1',
      'ielts-genai-prep-origin-eu-west-1',
      'ielts-genai-prep-origin-ap-southeast-1',
      'ielts-genai-prep-edge',
    ])
    for (const origin of Object.values(origins)) expect(origin.dependencies).toEqual([data])
    expect(edge.dependencies).toHaveLength(3)
  })

  it('passes the AWS Solutions checks (cdk-nag) with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.app)
    expect(report.violations).toEqual([])
    expect(report.success).toBe(true)
  })

  it('acknowledges only these findings, each with a reason written next to the resource', () => {
    const found = acknowledgements(synth.app).filter((ack) => ack.id.startsWith('AwsSolutions-'))
    for (const ack of found) expect(ack.reason.length).toBeGreaterThan(80)
    const summary = [
      ...new Set(found.map((ack) => `${ack.id} @ ${ack.path.replace(/^[^/]+\//, '')}`)),
    ]
    expect(summary.sort()).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*] @ Origin/Role',
        'AwsSolutions-L1 @ Origin/Function',
        'AwsSolutions-SMG4 @ AccessKeySecret1',
      ].sort(),
    )
  })

  it('fails synth on a finding nobody acknowledged (the checks really run)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ielts-nag-'))
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      context: { account: ACCOUNT },
    })
    buildIeltsApp(
      app,
      readDeployConfig((key) => app.node.tryGetContext(key), {}),
    )
    const stack = new Stack(app, 'careless', { env: { account: ACCOUNT, region: 'us-east-1' } })
    const role = new Role(stack, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    })
    role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }))
    const report = new AwsSolutionsChecks(app).validateScope(app)
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Action::dynamodb:*]',
        'AwsSolutions-IAM5[Resource::*]',
      ]),
    )
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-IAM5/)
    } finally {
      rmSync(outdir, { recursive: true, force: true })
    }
  }, 120_000)
})
