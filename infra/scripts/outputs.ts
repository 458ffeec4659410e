import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { ORIGIN_REGIONS, type OriginRegion } from '../lib/config'

/**
 * After `cdk deploy --outputs-file cdk-outputs.json`: writes each region's origin URL into
 * wrangler.toml `[vars]` (or prints the lines with `--print`) and prints the commands that
 * move the edge access key from Secrets Manager into the worker's secrets. It never reads
 * the key itself: that is the operator's step, piped so the key is not shown.
 *
 *   npm run infra:outputs -- [--outputs cdk-outputs.json] [--wrangler wrangler.toml] [--print]
 */

// `https://<url-id>.lambda-url.<region>.on.aws/`
const FUNCTION_URL = /^https:\/\/[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws\/?$/

type StackOutputs = Record<string, Record<string, string>>

export type DeployOutputs = {
  originUrls: Record<OriginRegion, string>
  /** Edge access-key secrets, oldest generation first. */
  keySecrets: { generation: number; arn: string }[]
}

/** The wrangler var holding a region's origin URL, e.g. `ORIGIN_URL_EU_WEST_1`. */
export function originUrlVar(region: OriginRegion): string {
  return `ORIGIN_URL_${region.toUpperCase().replaceAll('-', '_')}`
}

/**
 * Picks what the worker needs out of `cdk deploy --outputs-file` JSON: every stack's
 * `OriginUrl` (its region read from the URL itself) and the edge stack's secret ARNs.
 *
 * @example
 * readDeployOutputs(JSON.parse(readFileSync('cdk-outputs.json', 'utf8'))).originUrls['eu-west-1']
 */
export function readDeployOutputs(outputs: StackOutputs): DeployOutputs {
  const urls = new Map<string, string>()
  const keySecrets: DeployOutputs['keySecrets'] = []
  for (const stack of Object.values(outputs)) {
    for (const [key, value] of Object.entries(stack)) {
      if (key === 'OriginUrl') {
        const region = FUNCTION_URL.exec(value)?.[1]
        if (!region) throw new Error(`OriginUrl ${value} is not a Lambda Function URL`)
        if (urls.has(region)) throw new Error(`Two origin URLs for ${region}`)
        urls.set(region, value.endsWith('/') ? value : `${value}/`)
      }
      const generation = /^AccessKeySecretArn(\d+)$/.exec(key)?.[1]
      if (generation) keySecrets.push({ generation: Number(generation), arn: value })
    }
  }
  const missing = ORIGIN_REGIONS.filter((region) => !urls.has(region))
  if (missing.length > 0) {
    throw new Error(`No OriginUrl output for ${missing.join(', ')}: deploy those stacks first`)
  }
  const originUrls = Object.fromEntries(ORIGIN_REGIONS.map((r) => [r, urls.get(r)]))
  keySecrets.sort((a, b) => a.generation - b.generation)
  return { originUrls: originUrls as Record<OriginRegion, string>, keySecrets }
}

/** `NAME = "value"` lines for wrangler.toml `[vars]`. */
export function originUrlLines(urls: Record<OriginRegion, string>): string[] {
  return ORIGIN_REGIONS.map((region) => `${originUrlVar(region)} = ${JSON.stringify(urls[region])}`)
}

/**
 * wrangler.toml with each origin URL var set inside `[vars]` (replaced where present,
 * appended to the table otherwise); every other line is kept as it was.
 *
 * @example
 * applyOriginUrls(readFileSync('wrangler.toml', 'utf8'), outputs.originUrls)
 */
export function applyOriginUrls(toml: string, urls: Record<OriginRegion, string>): string {
  const lines = toml.split('\n')
  const start = lines.findIndex((line) => line.trim() === '[vars]')
  if (start < 0) throw new Error('wrangler.toml has no [vars] table')
  const next = lines.findIndex((line, i) => i > start && /^\s*\[/.test(line))
  let end = next < 0 ? lines.length : next
  // Blank lines and comments just above the next table belong to that table.
  while (end > start + 1 && /^\s*(#.*)?$/.test(lines[end - 1] ?? '')) end -= 1
  const vars = lines.slice(start + 1, end)
  for (const [i, region] of ORIGIN_REGIONS.entries()) {
    const name = originUrlVar(region)
    const line = originUrlLines(urls)[i]!
    const at = vars.findIndex((entry) => new RegExp(`^\\s*${name}\\s*=`).test(entry))
    if (at >= 0) vars[at] = line
    else vars.push(line)
  }
  return [...lines.slice(0, start + 1), ...vars, ...lines.slice(end)].join('\n')
}

/**
 * The operator's commands for the newest edge key: read it from Secrets Manager and pipe
 * each half straight into `wrangler secret put` (needs jq), so it is never displayed.
 */
export function secretCommands(keySecrets: DeployOutputs['keySecrets']): string[] {
  const newest = keySecrets.at(-1)
  if (!newest) return ['# No AccessKeySecretArn output: deploy the edge stack first.']
  const region = newest.arn.split(':')[3]
  const read = `aws secretsmanager get-secret-value --region ${region} --secret-id '${newest.arn}' --query SecretString --output text`
  return [
    `# Edge access key generation ${newest.generation} → worker secrets (the key is never printed):`,
    `${read} | jq -r .accessKeyId | npx wrangler secret put EDGE_AWS_ACCESS_KEY_ID`,
    `${read} | jq -r .secretAccessKey | npx wrangler secret put EDGE_AWS_SECRET_ACCESS_KEY`,
    '# Then: npx wrangler deploy',
  ]
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      outputs: { type: 'string', default: 'cdk-outputs.json' },
      wrangler: { type: 'string', default: 'wrangler.toml' },
      print: { type: 'boolean', default: false },
    },
  })
  const outputs = readDeployOutputs(JSON.parse(readFileSync(values.outputs, 'utf8')))
  if (values.print) {
    console.log('# wrangler.toml [vars]:')
    for (const line of originUrlLines(outputs.originUrls)) console.log(line)
  } else {
    const toml = readFileSync(values.wrangler, 'utf8')
    writeFileSync(values.wrangler, applyOriginUrls(toml, outputs.originUrls))
    console.log(`Wrote ${ORIGIN_REGIONS.map(originUrlVar).join(', ')} to ${values.wrangler}`)
  }
  for (const line of secretCommands(outputs.keySecrets)) console.log(line)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2))
  } catch (error) {
    console.error(`infra:outputs: ${(error as Error).message}`)
    process.exitCode = 1
  }
}
