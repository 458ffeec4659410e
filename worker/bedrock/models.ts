import type { Region } from '../regions/regions'

/**
 * Amazon Nova Micro through the geographic cross-region inference profile of each region:
 * requests stay within that geography (US, EU, APAC), and Bedrock spreads them over the
 * profile's regions, which raises throughput over a single-region model id.
 */
export const NOVA_MICRO_PROFILES: Record<Region, string> = {
  'us-east-1': 'us.amazon.nova-micro-v1:0',
  'eu-west-1': 'eu.amazon.nova-micro-v1:0',
  'ap-southeast-1': 'apac.amazon.nova-micro-v1:0',
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
