import type {
  BatchGetResponse,
  ConditionFailure,
  ErasePartitionResponse,
  GetResponse,
  Item,
  Key,
  QueryRequest,
  QueryResponse,
  WriteOp,
} from '../../shared/data-api'
import { ApiError, type ErrorBody } from '../../shared/errors'
import type { Logger } from '../../shared/log'
import type { Region } from '../../shared/regions'
import type { OriginClient, OriginReply } from '../origin-client/client'

/** A write whose condition did not hold; `failed` names each op and the item as it stood. */
export class ConditionFailedError extends Error {
  readonly failed: ConditionFailure[]
  constructor(failed: ConditionFailure[]) {
    super('A condition on the write did not hold.')
    this.name = 'ConditionFailedError'
    this.failed = failed
  }
}

/** Two transactions raced on one item; safe to retry. */
export class WriteConflictError extends Error {
  constructor() {
    super('The write raced another one on the same item.')
    this.name = 'WriteConflictError'
  }
}

export type DataContext = { regions: readonly Region[]; requestId: string; log: Logger }

/**
 * The table, as the edge sees it through the regional origins. Reads go to the nearest
 * healthy region (or, when `home` is given, the user's home region first, for reads that
 * must see that user's latest writes); writes go to the user's home region first and
 * fail over to the others — item keys are deterministic, so a replay is harmless.
 */
export class DataClient {
  readonly #origin: () => OriginClient
  readonly #context: DataContext

  /** `origin` is resolved on the first call, so building a client never reads configuration. */
  constructor(origin: () => OriginClient, context: DataContext) {
    this.#origin = origin
    this.#context = context
  }

  async get(
    key: Key,
    options: { homeRegion?: Region; consistent?: boolean } = {},
  ): Promise<Item | null> {
    const body = { key, consistent: options.consistent }
    return (await this.#send<GetResponse>('/data/get', body, options.homeRegion)).item
  }

  async batchGet(keys: Key[], options: { homeRegion?: Region; consistent?: boolean } = {}) {
    const body = { keys, consistent: options.consistent }
    return (await this.#send<BatchGetResponse>('/data/batch-get', body, options.homeRegion)).items
  }

  async query(
    request: QueryRequest,
    options: { homeRegion?: Region } = {},
  ): Promise<QueryResponse> {
    return this.#send<QueryResponse>('/data/query', request, options.homeRegion)
  }

  /** Applies `ops` atomically in the home region; throws `ConditionFailedError` on 409. */
  async write(ops: WriteOp[], options: { homeRegion: Region; token?: string }): Promise<void> {
    await this.#send('/data/write', { ops, token: options.token }, options.homeRegion)
  }

  async erasePartition(pk: string, keep: string[], options: { homeRegion: Region }) {
    return this.#send<ErasePartitionResponse>(
      '/data/erase-partition',
      { pk, keep },
      options.homeRegion,
    )
  }

  /** Home region first (when known), then the rest nearest first. */
  order(homeRegion?: Region): Region[] {
    const nearest = this.#context.regions
    return homeRegion
      ? [homeRegion, ...nearest.filter((region) => region !== homeRegion)]
      : [...nearest]
  }

  async #send<T>(path: string, body: unknown, homeRegion?: Region): Promise<T> {
    const reply = await this.#origin().request<T | ErrorBody>(path, {
      body,
      order: this.order(homeRegion),
      requestId: this.#context.requestId,
      log: this.#context.log,
    })
    if (reply.status >= 200 && reply.status < 300) return reply.body as T
    throw this.#failure(path, reply as OriginReply<ErrorBody>)
  }

  #failure(path: string, reply: OriginReply<ErrorBody>): Error {
    const code = reply.body?.error?.code
    if (reply.status === 409 && code === 'CONDITION_FAILED') {
      const details = reply.body.error.details as { failed?: ConditionFailure[] } | undefined
      return new ConditionFailedError(details?.failed ?? [])
    }
    if (reply.status === 409 && code === 'CONFLICT') return new WriteConflictError()
    // Any other 4xx means the edge built a request the origin refused: our bug or a
    // misconfigured signature, never the caller's. Log the code, answer a plain 500.
    this.#context.log.error('origin refused request', {
      path,
      status: reply.status,
      code: code ?? null,
      region: reply.region,
    })
    return new ApiError('INTERNAL', 'Something went wrong on our side.')
  }
}
