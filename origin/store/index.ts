/** The origin's store: the table definition, its clients and the data API sub-app. */
export { createTableClients, type TableClients, TRANSLATE_CONFIG } from './client'
export { type RetryPolicy, UNPROCESSED_RETRY } from './data-store'
export { createDataRoutes, type DataRoutesOptions } from './routes'
export type { StoreLog } from './store-errors'
export {
  createTableInput,
  ensureTable,
  GSI1,
  type IndexDefinition,
  type KeyAttribute,
  TABLE_DEFINITION,
  type TableDefinition,
} from './table'
