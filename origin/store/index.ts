/** The origin's store: its clients and the data API sub-app (the table's shape is `shared/table.ts`). */
export { createTableClients, type TableClients, TRANSLATE_CONFIG } from './client'
export { type RetryPolicy, UNPROCESSED_RETRY } from './data-store'
export { createDataRoutes, type DataRoutesOptions } from './routes'
export type { StoreLog } from './store-errors'
