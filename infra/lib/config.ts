import { REGIONS, type Region } from '../../shared/regions'

export { REGIONS as ORIGIN_REGIONS, type Region as OriginRegion }

/** The table's home: the data and edge stacks live here; the others hold replicas. */
export const PRIMARY_REGION: Region = 'us-east-1'

const DEFAULT_PREFIX = 'ielts-genai-prep'
const ACCOUNT_ID = /^\d{12}$/
// Names below become ElastiCache ids (≤ 40 characters, lower-case, no double hyphen).
const PREFIX = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
const MAX_PREFIX_LENGTH = 24

/** Everything a deployment is parameterised by, read from CDK context. */
export type DeployConfig = {
  account: string
  /** Prefix of every physical name that has to be known across regions. */
  prefix: string
  appVersion: string
  /** Availability zones per region (≥ 2): explicit, so synth needs no AWS lookup. */
  availabilityZones: Record<Region, string[]>
  /** Generations of the edge access key that exist; two during a key roll. */
  edgeKeyGenerations: string[]
  /** Where alarms are e-mailed, when set. */
  alarmEmail?: string
}

export type ContextReader = (key: string) => unknown

/**
 * Reads and checks the deployment's context (`-c key=value` or cdk.json), with the account
 * falling back to the CLI's `CDK_DEFAULT_ACCOUNT`. Throws naming what is wrong.
 *
 * @example
 * readDeployConfig((key) => app.node.tryGetContext(key))
 * // cdk synth -c account=123456789012 -c edgeKeyGenerations=1,2
 */
export function readDeployConfig(
  context: ContextReader,
  env: Record<string, string | undefined> = process.env,
): DeployConfig {
  const account = text(context('account')) ?? env.CDK_DEFAULT_ACCOUNT
  if (!account || !ACCOUNT_ID.test(account)) {
    throw new Error('Pass the AWS account id as context: cdk synth -c account=123456789012')
  }
  const prefix = text(context('prefix')) ?? DEFAULT_PREFIX
  if (!PREFIX.test(prefix) || prefix.length > MAX_PREFIX_LENGTH) {
    throw new Error(
      `Context "prefix" must be lower-case words joined by single hyphens, at most ${MAX_PREFIX_LENGTH} characters`,
    )
  }
  const generations = list(context('edgeKeyGenerations')) ?? ['1']
  if (
    generations.length < 1 ||
    generations.length > 2 ||
    generations.some((g) => !/^\d+$/.test(g))
  ) {
    throw new Error('Context "edgeKeyGenerations" must be one or two numbers, e.g. 1 or 1,2')
  }
  return {
    account,
    prefix,
    appVersion: text(context('appVersion')) ?? '0.0.0-dev',
    availabilityZones: readAvailabilityZones(context),
    edgeKeyGenerations: generations,
    alarmEmail: text(context('alarmEmail')),
  }
}

/** `-c azs:eu-west-1=eu-west-1a,eu-west-1b` overrides the default a/b/c of a region. */
function readAvailabilityZones(context: ContextReader): Record<Region, string[]> {
  const entries = REGIONS.map((region) => {
    const zones = list(context(`azs:${region}`)) ?? ['a', 'b', 'c'].map((z) => `${region}${z}`)
    if (zones.length < 2 || zones.some((zone) => !zone.startsWith(region))) {
      throw new Error(`Context "azs:${region}" must name at least two zones of ${region}`)
    }
    return [region, zones] as const
  })
  return Object.fromEntries(entries) as Record<Region, string[]>
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function list(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String)
  const raw = text(value)
  return raw?.split(',').map((item) => item.trim())
}

/**
 * The physical names shared across stacks and regions. A Global Table's replicas share its
 * name, and the edge policy must name functions in three regions: deterministic names keep
 * that wiring free of cross-region references (which need custom resources).
 *
 * @example
 * deploymentNames('ielts-genai-prep').originStack('eu-west-1') // 'ielts-genai-prep-origin-eu-west-1'
 */
export function deploymentNames(prefix: string) {
  return {
    table: `${prefix}`,
    originFunction: `${prefix}-origin`,
    cache: `${prefix}-cache`,
    cacheUser: `${prefix}-origin`,
    cacheDefaultUser: `${prefix}-no-default`,
    cacheUserGroup: `${prefix}-origin`,
    edgeUser: `${prefix}-edge`,
    dataStack: `${prefix}-data`,
    originStack: (region: Region) => `${prefix}-origin-${region}`,
    edgeStack: `${prefix}-edge`,
  }
}

export type DeploymentNames = ReturnType<typeof deploymentNames>
