import { describe, expect, it } from 'vitest'
import {
  compileCondition,
  compileUpdate,
  ExpressionBuilder,
} from '../../../../origin/store/expressions'
import { compileWriteOp } from '../../../../origin/store/operations'
import type { Condition } from '../../../../shared/data-api'

const compile = (condition: Condition) => {
  const b = new ExpressionBuilder()
  return { expression: compileCondition(condition, b), ...b.attributes() }
}

describe('compileCondition', () => {
  it('tests the partition key for itemExists', () => {
    expect(compile({ itemExists: false })).toEqual({
      expression: 'attribute_not_exists(#n0)',
      ExpressionAttributeNames: { '#n0': 'pk' },
    })
    expect(compile({ itemExists: true }).expression).toBe('attribute_exists(#n0)')
  })

  it('compiles every comparison with placeholders only', () => {
    const symbols = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const
    for (const [compare, symbol] of Object.entries(symbols)) {
      const condition = { attribute: 'status', compare, value: 3 } as Condition
      expect(compile(condition)).toEqual({
        expression: `#n0 ${symbol} :v0`,
        ExpressionAttributeNames: { '#n0': 'status' },
        ExpressionAttributeValues: { ':v0': 3 },
      })
    }
  })

  it('nests and/or in parentheses and reuses a name placeholder', () => {
    const condition: Condition = {
      or: [
        { itemExists: false },
        {
          and: [
            { attribute: 'owner', compare: 'eq', value: 'u1' },
            { attribute: 'owner', exists: true },
            { attribute: 'grants', compare: 'lt', value: 2 },
          ],
        },
      ],
    }
    expect(compile(condition)).toEqual({
      expression:
        '(attribute_not_exists(#n0) OR (#n1 = :v0 AND attribute_exists(#n1) AND #n2 < :v1))',
      ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'owner', '#n2': 'grants' },
      ExpressionAttributeValues: { ':v0': 'u1', ':v1': 2 },
    })
  })

  it('never puts a value into the expression text', () => {
    const hostile = 'x) OR attribute_exists(pk'
    const compiled = compile({ attribute: 'owner', compare: 'eq', value: hostile })
    expect(compiled.expression).toBe('#n0 = :v0')
    expect(compiled.ExpressionAttributeValues).toEqual({ ':v0': hostile })
  })
})

describe('compileUpdate', () => {
  it('orders SET, ADD and REMOVE clauses with shared placeholders', () => {
    const b = new ExpressionBuilder()
    const expression = compileUpdate(
      { set: { a: 'x', b: { deep: [1] } }, add: { remaining: -1 }, remove: ['c', 'd'] },
      b,
    )
    expect(expression).toBe('SET #n0 = :v0, #n1 = :v1 ADD #n2 :v2 REMOVE #n3, #n4')
    expect(b.attributes()).toEqual({
      ExpressionAttributeNames: {
        '#n0': 'a',
        '#n1': 'b',
        '#n2': 'remaining',
        '#n3': 'c',
        '#n4': 'd',
      },
      ExpressionAttributeValues: { ':v0': 'x', ':v1': { deep: [1] }, ':v2': -1 },
    })
  })

  it('leaves out an empty values map (DynamoDB refuses empty maps)', () => {
    const b = new ExpressionBuilder()
    expect(compileUpdate({ remove: ['a'] }, b)).toBe('REMOVE #n0')
    expect(b.attributes()).toEqual({ ExpressionAttributeNames: { '#n0': 'a' } })
  })
})

describe('compileWriteOp', () => {
  const key = { pk: 'USER#1', sk: 'ENT#academic_writing' }

  it('compiles an update with its condition into one set of placeholders', () => {
    const op = compileWriteOp(
      {
        update: {
          key,
          add: { remaining: -1 },
          condition: { attribute: 'remaining', compare: 'gte', value: 1 },
        },
      },
      'ielts',
    )
    expect(op).toEqual({
      Update: {
        TableName: 'ielts',
        Key: key,
        UpdateExpression: 'ADD #n0 :v0',
        ConditionExpression: '#n0 >= :v1',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ExpressionAttributeNames: { '#n0': 'remaining' },
        ExpressionAttributeValues: { ':v0': -1, ':v1': 1 },
      },
    })
  })

  it('asks for nothing back from an unconditional put', () => {
    expect(compileWriteOp({ put: { item: { ...key, n: 1 } } }, 'ielts')).toEqual({
      Put: { TableName: 'ielts', Item: { ...key, n: 1 } },
    })
  })

  it('turns a check into a ConditionCheck that returns the old item', () => {
    const op = compileWriteOp({ check: { key, condition: { itemExists: true } } }, 'ielts')
    expect(op.ConditionCheck).toMatchObject({
      Key: key,
      ConditionExpression: 'attribute_exists(#n0)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })
  })
})
