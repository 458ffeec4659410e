import type { Region } from './regions'

/** The foundation model behind every Nova Micro inference profile we call. */
export const NOVA_MICRO_MODEL_ID = 'amazon.nova-micro-v1:0'

/**
 * Amazon Nova Micro through the geographic cross-region inference profile of each region:
 * requests stay within that geography (US, EU, APAC), and Bedrock spreads them over the
 * profile's regions, which raises throughput over a single-region model id. The edge
 * identity's IAM policy (`infra/lib/edge-policy.ts`) is built from these ids.
 */
export const NOVA_MICRO_PROFILES: Record<Region, string> = {
  'us-east-1': `us.${NOVA_MICRO_MODEL_ID}`,
  'eu-west-1': `eu.${NOVA_MICRO_MODEL_ID}`,
  'ap-southeast-1': `apac.${NOVA_MICRO_MODEL_ID}`,
}

/**
 * The Converse URL of a model in one endpoint: the id URL-encoded in the path (`:` is
 * `%3A`), as the AWS SDKs send it; SigV4 then encodes the path once more.
 *
 * @example
 * converseUrl('https://bedrock-runtime.eu-west-1.amazonaws.com', 'eu.amazon.nova-micro-v1:0')
 * // 'https://bedrock-runtime.eu-west-1.amazonaws.com/model/eu.amazon.nova-micro-v1%3A0/converse'
 */
export function converseUrl(endpoint: string, modelId: string): string {
  return `${endpoint.replace(/\/+$/, '')}/model/${encodeURIComponent(modelId)}/converse`
}

/**
 * The production model and region (v1, `amazon.nova-sonic-v1:0`, is retired). The edge
 * identity's IAM policy (`infra/lib/edge-policy.ts`) grants exactly this model there.
 */
export const NOVA_SONIC_DEFAULTS = {
  region: 'us-east-1',
  modelId: 'amazon.nova-2-sonic-v1:0',
} as const
