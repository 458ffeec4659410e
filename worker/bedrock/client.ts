import { type BedrockConfig, bedrockCredentials, bedrockEndpoints } from './config'
import { ConverseClient, type ConverseFetch } from './converse-client'

/** The headers the local emulator reads for fault injection and call counting. */
export const EMULATOR_HEADERS = ['x-emulator-fault', 'x-emulator-tag'] as const

/**
 * The Converse client for this configuration, signed with the edge identity (or the
 * optional Bedrock one). Emulator
 * directives (`x-emulator-fault`, `x-emulator-tag`) are passed on only where
 * `BEDROCK_FORWARD_EMULATOR_HEADERS` is true, which the configuration refuses in production.
 *
 * @example
 * const client = createConverseClient(readBedrockConfig(c.env), {
 *   directives: { 'x-emulator-fault': c.req.header('x-emulator-fault') },
 * })
 */
export function createConverseClient(
  config: BedrockConfig,
  options: { directives?: Record<string, string | undefined>; fetch?: ConverseFetch } = {},
): ConverseClient {
  const testHeaders: Record<string, string> = {}
  if (config.BEDROCK_FORWARD_EMULATOR_HEADERS) {
    for (const name of EMULATOR_HEADERS) {
      const value = options.directives?.[name]
      if (value) testHeaders[name] = value
    }
  }
  return new ConverseClient({
    endpoints: bedrockEndpoints(config),
    credentials: bedrockCredentials(config),
    attemptTimeoutMs: config.BEDROCK_ATTEMPT_TIMEOUT_MS,
    testHeaders,
    fetch: options.fetch,
  })
}
