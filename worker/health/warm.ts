import { REGIONS } from '../../shared/regions'
import type { Services } from '../services/services'

/**
 * The cron trigger's job (every 5 minutes): probe every origin so each region's Lambda
 * stays warm and the isolate's breaker learns about a region that went down.
 */
export async function warmOrigins(services: Services, scheduledTime: number) {
  const log = services.log.child({ job: 'warm-origins', scheduledTime })
  const origin = services.origin()
  const probes = await Promise.all(REGIONS.map((region) => origin.probe(region)))
  for (const probe of probes) {
    const fields = { region: probe.region, latencyMs: probe.latencyMs, reason: probe.reason }
    if (probe.ok) log.info('origin warm', fields)
    else log.warn('origin not answering', fields)
  }
  return probes
}
