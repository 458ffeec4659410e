export { createIeltsClient, type IeltsClient, type IeltsClientOptions, unwrap } from './client'
export { type ErrorBody, type ErrorCode, IeltsApiError, isErrorBody } from './errors'
export type { components, operations, paths } from './schema'
export { memoryTokenStore, type TokenStore, type Tokens } from './tokens'
