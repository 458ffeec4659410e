import { rmSync } from 'node:fs'
import { App } from 'aws-cdk-lib'
import type { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { buildIeltsApp, type IeltsStacks } from '../../../infra/lib/app'
import { readDeployConfig } from '../../../infra/lib/config'

/** A made-up account id: synth never talks to AWS. */
export const ACCOUNT = '123456789012'

export type SynthesizedIelts = {
  app: App
  stacks: IeltsStacks
  assembly: CloudAssembly
  /** Deletes the temporary cloud assembly (bundle included). */
  dispose(): void
}

/**
 * Builds the real app (the one `infra/bin/app.ts` builds) with the given context and
 * synthesizes it once: the origin bundle is built by esbuild from `origin/lambda.ts`,
 * once per synth (CDK reuses it for the three regions). `Template.fromStack` on its stacks
 * then reads this assembly instead of synthesizing again.
 *
 * @example
 * const { stacks } = synthIelts()
 * Template.fromStack(stacks.data).resourceCountIs('AWS::DynamoDB::GlobalTable', 1)
 */
export function synthIelts(context: Record<string, string> = {}): SynthesizedIelts {
  // CDK's built-in CloudFormation schema validation (~10 s of WebAssembly per synth) runs
  // in the CLI synth test; these in-process syntheses check the templates themselves.
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { account: ACCOUNT, ...context },
  })
  const stacks = buildIeltsApp(
    app,
    readDeployConfig((key) => app.node.tryGetContext(key), {}),
  )
  const assembly = app.synth()
  return {
    app,
    stacks,
    assembly,
    dispose() {
      rmSync(assembly.directory, { recursive: true, force: true })
    },
  }
}

/** `{ "Fn::GetAtt": [logicalId, attribute] }`, as CloudFormation writes it. */
export function getAtt(logicalId: string, attribute: string) {
  return { 'Fn::GetAtt': [logicalId, attribute] }
}

/** `{ "Ref": logicalId }`, as CloudFormation writes it. */
export function ref(logicalId: string) {
  return { Ref: logicalId }
}
