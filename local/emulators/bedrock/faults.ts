import { isRegion, type Region } from '../../../shared/regions'

/** What the emulator can be told to do instead of answering normally. */
export const FAULTS = [
  'throttle', // 429 ThrottlingException
  'server-error', // 500 InternalServerException
  'unavailable', // 503 ServiceUnavailableException
  'timeout', // holds the request until the caller gives up (then 408 ModelTimeoutException)
  'model-error', // 424 ModelErrorException (an invalid tool-use sequence)
  'malformed', // tool input that breaks the schema, then a valid one when told the errors
  'malformed-always', // tool input that breaks the schema every time
  'invent-quotes', // valid tool input with quotes that are not in the answer
  'no-tool', // a text answer without the forced tool call
] as const

export type Fault = (typeof FAULTS)[number]

export function isFault(value: unknown): value is Fault {
  return typeof value === 'string' && (FAULTS as readonly string[]).includes(value)
}

/**
 * Parses `x-emulator-fault`: comma-separated `fault` (every region) or `region=fault`
 * (that region only), e.g. `us-east-1=throttle,eu-west-1=server-error`. Unknown items are
 * ignored, so a typo shows up as a normal answer in the test that made it.
 *
 * @example
 * faultFor('us-east-1=throttle,invent-quotes', 'us-east-1') // 'throttle'
 * faultFor('us-east-1=throttle,invent-quotes', 'eu-west-1') // 'invent-quotes'
 */
export function faultFor(header: string | null | undefined, region: Region): Fault | undefined {
  let everywhere: Fault | undefined
  for (const item of (header ?? '').split(',')) {
    const [left = '', right] = item.trim().split('=')
    if (right === undefined && isFault(left)) everywhere = left
    if (right !== undefined && isRegion(left) && left === region && isFault(right)) return right
  }
  return everywhere
}
