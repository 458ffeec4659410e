import { ConditionFailedError, type DataClient } from '../../../worker/data/client'

/**
 * The real data client, reporting failed conditions as some DynamoDB versions do: which op
 * failed, without the item as it stood. Only `get` and `write` are passed through.
 *
 * @example
 * await beginCharge(omittingFailedItems(dataClient()), request)
 */
export function omittingFailedItems(inner: DataClient): DataClient {
  const write: DataClient['write'] = async (ops, options) => {
    try {
      await inner.write(ops, options)
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error
      throw new ConditionFailedError(error.failed.map(({ index }) => ({ index, item: null })))
    }
  }
  return { get: inner.get.bind(inner), write } as unknown as DataClient
}
