import { rmSync } from 'node:fs'
import { App, type Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { buildIeltsApp, type IeltsStacks } from '../../../infra/lib/app'
import { readDeployConfig } from '../../../infra/lib/config'

/** A made-up account id: synth never talks to AWS. */
export const ACCOUNT = '123456789012'

export type SynthesizedIelts = {
  app: App
  stacks: IeltsStacks
  assembly: CloudAssembly
  template(stack: Stack): Template
  /** Deletes the temporary cloud assembly (bundle included). */
  dispose(): void
}

/**
 * Builds the real app (the one `infra/bin/app.ts` builds) with the given context and
 * synthesizes it once: the origin bundle is built by esbuild from `origin/lambda.ts`,
 * once per synth (CDK reuses it for the three regions).
 *
 * @example
 * const { stacks, template } = synthIelts()
 * template(stacks.data).resourceCountIs('AWS::DynamoDB::GlobalTable', 1)
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
  const templates = new Map<Stack, Template>()
  return {
    app,
    stacks,
    assembly,
    dispose() {
      rmSync(assembly.directory, { recursive: true, force: true })
    },
    template(stack) {
      let template = templates.get(stack)
      if (!template) {
        template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template)
        templates.set(stack, template)
      }
      return template
    },
  }
}

/** The resources of one CloudFormation type in a template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>
}

export type Resource = {
  Type: string
  // biome-ignore lint/suspicious/noExplicitAny: template JSON; the tests' assertions check its shape
  Properties: Record<string, any>
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
  DependsOn?: string[]
}

/** The only resource of `type`; fails when there is none or several. */
export function onlyResource(template: Template, type: string): [string, Resource] {
  const entries = Object.entries(resourcesOf(template, type))
  if (entries.length !== 1) throw new Error(`Expected one ${type}, found ${entries.length}`)
  return entries[0]!
}
