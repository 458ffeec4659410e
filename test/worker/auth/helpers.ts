import { env } from 'cloudflare:workers'
import { createLogger } from '../../../shared/log'
import type { Region } from '../../../shared/regions'
import { servicesFor } from '../../../worker/services/services'

const quiet = createLogger({}, () => {})

/** The table through the real origins, as the worker sees it. */
export function dataClient(
  bindings: object = env,
  regions: Region[] = ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
) {
  return servicesFor(bindings).data({ regions, requestId: 'test-auth', log: quiet })
}

/** A `@upstash/redis` client on one region's Redis through its origin. */
export function redisFor(region: Region = 'us-east-1', bindings: object = env) {
  return servicesFor(bindings).redis(region, { log: quiet })
}

/** The `error` object of an error answer. */
export type ErrorJson = {
  code: string
  message: string
  details: { issues: { path: string; message: string }[] }
}

/** The `error` object of an error answer. */
export async function errorOf(res: Response): Promise<ErrorJson> {
  const body = (await res.json()) as { error: ErrorJson }
  return body.error
}
