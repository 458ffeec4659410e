/** The origin's store: its clients and the data API sub-app (the table's shape is `shared/table.ts`). */
export { createTableClients } from './client'
export { createDataRoutes } from './routes'
