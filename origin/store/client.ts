import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb'

/**
 * How items cross between JSON and DynamoDB: undefined attributes are dropped rather than
 * refused (JSON has no undefined, but code building items may), numbers stay plain numbers
 * (the contract bounds them to the safe-integer range, so no BigInt can come back).
 */
export const TRANSLATE_CONFIG: TranslateConfig = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  unmarshallOptions: { wrapNumbers: false },
}

/** The low-level client (for table management) and the document client built on it. */
export type TableClients = { dynamodb: DynamoDBClient; documents: DynamoDBDocumentClient }

/**
 * Builds the DynamoDB clients once per process (Lambda reuses them across invocations).
 *
 * @example
 * const { dynamodb, documents } = createTableClients({ region: 'eu-west-1' })
 * app.route('/data', createDataRoutes({ client: documents, tableName }))
 */
export function createTableClients(config: DynamoDBClientConfig): TableClients {
  const dynamodb = new DynamoDBClient(config)
  return { dynamodb, documents: DynamoDBDocumentClient.from(dynamodb, TRANSLATE_CONFIG) }
}
