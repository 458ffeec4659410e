import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Condition, WriteOp } from '../../shared/data-api'
import { compileCondition, compileUpdate, ExpressionBuilder } from './expressions'

/** One compiled operation, in the shape TransactWriteItems takes (and single writes reuse). */
export type CompiledOp = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

/**
 * Compiles a contract write op into a DynamoDB operation on `tableName`. Every conditional
 * op asks for `ALL_OLD` on failure, so a 409 can show the item as it stood (a replayed
 * grant answers with the original one).
 *
 * @example
 * compileWriteOp({ delete: { key, condition: { itemExists: true } } }, 'ielts')
 * // { Delete: { TableName: 'ielts', Key: key, ConditionExpression: 'attribute_exists(#n0)'… } }
 */
export function compileWriteOp(op: WriteOp, tableName: string): CompiledOp {
  const b = new ExpressionBuilder()
  if ('put' in op) {
    const condition = conditionOf(op.put.condition, b)
    return { Put: { TableName: tableName, Item: op.put.item, ...condition, ...b.attributes() } }
  }
  if ('update' in op) {
    const { key, condition, ...changes } = op.update
    const UpdateExpression = compileUpdate(changes, b)
    return {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression,
        ...conditionOf(condition, b),
        ...b.attributes(),
      },
    }
  }
  if ('delete' in op) {
    const condition = conditionOf(op.delete.condition, b)
    return { Delete: { TableName: tableName, Key: op.delete.key, ...condition, ...b.attributes() } }
  }
  const ConditionExpression = compileCondition(op.check.condition, b)
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: op.check.key,
      ConditionExpression,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      ...b.attributes(),
    },
  }
}

function conditionOf(condition: Condition | undefined, b: ExpressionBuilder) {
  if (!condition) return {}
  return {
    ConditionExpression: compileCondition(condition, b),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  }
}
