import type { Logger } from '../log'

/** The context variables the shared middleware reads and writes, in worker and origin alike. */
export type RequestVariables = { requestId: string; log: Logger }

export type RequestEnv = { Variables: RequestVariables }
