import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb'
import type { Condition, JsonValue } from '../../shared/data-api'
import { TABLE_DEFINITION } from '../../shared/table'

/** The placeholder maps of one request, in the shape DynamoDB commands take them. */
export type ExpressionAttributes = {
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>
}

const COMPARATORS = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const

/**
 * Hands out `#n0`/`:v0` placeholders for one request. Every name and value reaches DynamoDB
 * only through these maps: nothing from a request is ever spliced into an expression, and
 * DynamoDB reserved words (`name`, `status`, `count`…) need no special care.
 *
 * @example
 * const b = new ExpressionBuilder()
 * compileCondition({ attribute: 'remaining', compare: 'gte', value: 1 }, b) // '#n0 >= :v0'
 * b.attributes()
 * // { ExpressionAttributeNames: { '#n0': 'remaining' }, ExpressionAttributeValues: { ':v0': 1 } }
 */
export class ExpressionBuilder {
  readonly #names = new Map<string, string>()
  readonly #values: Record<string, NativeAttributeValue> = {}
  #valueCount = 0

  name(attribute: string): string {
    let placeholder = this.#names.get(attribute)
    if (!placeholder) {
      placeholder = `#n${this.#names.size}`
      this.#names.set(attribute, placeholder)
    }
    return placeholder
  }

  value(value: JsonValue): string {
    const placeholder = `:v${this.#valueCount++}`
    this.#values[placeholder] = value
    return placeholder
  }

  /** Only the maps that have entries: DynamoDB refuses an empty map and any unused entry. */
  attributes(): ExpressionAttributes {
    const names = Object.fromEntries([...this.#names].map(([name, ph]) => [ph, name]))
    return {
      ...(this.#names.size > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(this.#valueCount > 0 ? { ExpressionAttributeValues: { ...this.#values } } : {}),
    }
  }
}

/**
 * Compiles a structured condition into a ConditionExpression. `itemExists` tests the
 * partition key, which every stored item has.
 *
 * @example
 * const owner = { attribute: 'owner', compare: 'eq', value: 'u1' } as const
 * compileCondition({ or: [{ itemExists: false }, owner] }, b)
 * // '(attribute_not_exists(#n0) OR #n1 = :v0)'
 */
export function compileCondition(condition: Condition, b: ExpressionBuilder): string {
  if ('itemExists' in condition) {
    const test = condition.itemExists ? 'attribute_exists' : 'attribute_not_exists'
    return `${test}(${b.name(TABLE_DEFINITION.partitionKey.name)})`
  }
  if ('and' in condition) return group(condition.and, 'AND', b)
  if ('or' in condition) return group(condition.or, 'OR', b)
  if ('exists' in condition) {
    const test = condition.exists ? 'attribute_exists' : 'attribute_not_exists'
    return `${test}(${b.name(condition.attribute)})`
  }
  const comparator = COMPARATORS[condition.compare]
  return `${b.name(condition.attribute)} ${comparator} ${b.value(condition.value)}`
}

function group(conditions: Condition[], joiner: 'AND' | 'OR', b: ExpressionBuilder): string {
  return `(${conditions.map((condition) => compileCondition(condition, b)).join(` ${joiner} `)})`
}

/** The changes of an `update` op; the contract already refuses `pk` and `sk` here. */
export type UpdateChanges = {
  set?: Record<string, JsonValue>
  add?: Record<string, number>
  remove?: string[]
}

/**
 * Compiles an update into an UpdateExpression: `SET` for values, `ADD` for numeric deltas
 * (atomic, and it starts a missing attribute at zero), `REMOVE` for deletions.
 *
 * @example
 * compileUpdate({ set: { status: 'done' }, add: { remaining: -1 } }, b)
 * // 'SET #n0 = :v0 ADD #n1 :v1'
 */
export function compileUpdate(changes: UpdateChanges, b: ExpressionBuilder): string {
  const clauses: string[] = []
  const set = Object.entries(changes.set ?? {})
  const add = Object.entries(changes.add ?? {})
  if (set.length > 0) {
    clauses.push(
      `SET ${set.map(([name, value]) => `${b.name(name)} = ${b.value(value)}`).join(', ')}`,
    )
  }
  if (add.length > 0) {
    clauses.push(
      `ADD ${add.map(([name, delta]) => `${b.name(name)} ${b.value(delta)}`).join(', ')}`,
    )
  }
  if (changes.remove && changes.remove.length > 0) {
    clauses.push(`REMOVE ${changes.remove.map((name) => b.name(name)).join(', ')}`)
  }
  return clauses.join(' ')
}
