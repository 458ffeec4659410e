import { ApiError } from '../shared/errors'
import { createLogger, describeError, type LogFields, type Logger } from '../shared/log'
import { warmOrigins } from './health/warm'
import { reconcileFromConfig } from './purchases/apple/reconciliation'
import { retryConsumesFromConfig } from './purchases/google/consume'
import { type Services, servicesFor } from './services/services'

/** One job of the cron trigger: its own work, given the bindings and the trigger's time. */
export type ScheduledJob = (
  services: Services,
  scheduledTime: number,
  log: Logger,
) => Promise<LogFields | undefined>

/** What one job did: `ok` with its counts, or `failed` with the error's name and code. */
export type JobOutcome = { job: string; ok: boolean; fields: LogFields }

/**
 * Warms every region's origin (the Lambdas stay warm; the breaker learns of a region that
 * went down).
 */
const warm: ScheduledJob = async (services, scheduledTime) => {
  const probes = await warmOrigins(services, scheduledTime)
  return { healthy: probes.filter((probe) => probe.ok).length, regions: probes.length }
}

/**
 * Retries the Play consumptions that failed after a grant (`worker/purchases/google/consume.ts`).
 * The trigger's time is the clock, so a run is judged by when it was due, not by how long
 * the isolate took to start.
 */
const retryGoogleConsumes: ScheduledJob = async (services, scheduledTime, log) =>
  retryConsumesFromConfig(services, cronData(services, scheduledTime, log), new Date(scheduledTime))

/**
 * Asks the App Store about granted Apple purchases whose check is due and refunds the
 * revoked ones (`worker/purchases/apple/reconciliation.ts`): a refund whose notification
 * never arrived. Without the App Store Server API it does nothing and says so.
 */
const reconcileApplePurchases: ScheduledJob = async (services, scheduledTime, log) =>
  reconcileFromConfig(services, cronData(services, scheduledTime, log), new Date(scheduledTime))

// No caller: the default region order; each record's write still goes to its home region.
const cronData = (services: Services, scheduledTime: number, log: Logger) =>
  services.dataFor({ requestId: `cron-${scheduledTime}`, log })

/** The cron trigger's jobs (every 5 minutes, `wrangler.toml` `[triggers]`). */
export const SCHEDULED_JOBS: Readonly<Record<string, ScheduledJob>> = {
  'warm-origins': warm,
  'retry-google-consumes': retryGoogleConsumes,
  'reconcile-apple-purchases': reconcileApplePurchases,
}

/**
 * Runs every scheduled job side by side, each isolated from the others: a job that throws
 * (a missing setting, an origin down) is logged with its error's name and code and the
 * others still run to the end. Resolves with each job's outcome; never rejects, so one bad
 * job cannot make the platform retry the good ones.
 *
 * @example
 * ctx.waitUntil(runScheduledJobs(env, controller.scheduledTime))
 */
export async function runScheduledJobs(
  env: Record<string, unknown>,
  scheduledTime: number,
  options: { jobs?: Readonly<Record<string, ScheduledJob>>; log?: Logger } = {},
): Promise<JobOutcome[]> {
  const log = options.log ?? createLogger({ trigger: 'cron', scheduledTime })
  const jobs = Object.entries(options.jobs ?? SCHEDULED_JOBS)
  return Promise.all(
    jobs.map(async ([job, run]): Promise<JobOutcome> => {
      const jobLog = log.child({ job })
      const started = Date.now()
      try {
        const fields = { ...(await run(servicesFor(env), scheduledTime, jobLog)) }
        jobLog.info('scheduled job done', { ...fields, durationMs: Date.now() - started })
        return { job, ok: true, fields }
      } catch (error) {
        const fields = failureFields(error)
        jobLog.error('scheduled job failed', { ...fields, durationMs: Date.now() - started })
        return { job, ok: false, fields }
      }
    }),
  )
}

/** The error's name and code; for a misconfiguration also the variables' names (never values). */
function failureFields(error: unknown): LogFields {
  const fields: LogFields = { error: describeError(error) }
  if (error instanceof ApiError && error.code === 'BAD_ENVIRONMENT') {
    const { variables } = (error.details ?? {}) as { variables?: string[] }
    if (variables) fields.variables = variables.join(',')
  }
  return fields
}
