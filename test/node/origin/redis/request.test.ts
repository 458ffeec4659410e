import { describe, expect, it } from 'vitest'
import { parseBatch, parseCommand } from '../../../../origin/redis/request'
import { ALLOWED_COMMANDS, refusedCommand } from '../../../../shared/redis-commands'

describe('parseCommand', () => {
  it('upper-cases the name (only) and turns numbers and booleans into strings', () => {
    expect(parseCommand(['set', 'k', 1.5, 'ex', 10, true])).toEqual({
      ok: true,
      value: ['SET', 'k', '1.5', 'ex', '10', 'true'],
    })
  })

  it('refuses commands off the allow-list, whatever their case', () => {
    expect(parseCommand(['Keys', '*'])).toEqual({
      ok: false,
      error: "ERR command 'KEYS' is not allowed",
    })
  })

  it('says where a malformed command is wrong', () => {
    expect(parseCommand('GET k')).toMatchObject({ ok: false, error: /malformed request body/ })
    expect(parseCommand([])).toMatchObject({ ok: false, error: /malformed/ })
    expect(parseCommand(['', 'k'])).toMatchObject({ ok: false, error: /at \[0\]/ })
    expect(parseCommand(['GET', ['k']])).toMatchObject({
      ok: false,
      error: 'ERR malformed request body at [1]: expected a string, number or boolean',
    })
    expect(parseCommand(['x'.repeat(65)])).toMatchObject({ ok: false, error: /at \[0\]/ })
  })
})

describe('parseBatch', () => {
  it('parses every command of a batch', () => {
    expect(
      parseBatch(
        [
          ['incr', 'n'],
          ['EXPIRE', 'n', 60],
        ],
        10,
      ),
    ).toEqual({
      ok: true,
      value: [
        ['INCR', 'n'],
        ['EXPIRE', 'n', '60'],
      ],
    })
  })

  it('limits the number of commands and refuses empty batches', () => {
    const many = Array.from({ length: 11 }, () => ['PING'])
    expect(parseBatch(many, 10)).toEqual({
      ok: false,
      error: 'ERR a batch holds at most 10 commands',
    })
    expect(parseBatch([], 10)).toMatchObject({ ok: false, error: /at least one command/ })
  })

  it('refuses the whole batch for one refused command', () => {
    expect(parseBatch([['GET', 'a'], ['FLUSHDB']], 10)).toEqual({
      ok: false,
      error: "ERR command 'FLUSHDB' is not allowed",
    })
  })
})

describe('the allow-list', () => {
  it('holds what sessions, rate limits and idempotency need and nothing dangerous', () => {
    for (const name of ['GET', 'SET', 'INCR', 'EXPIRE', 'HSET', 'ZADD', 'SADD', 'MGET', 'PING']) {
      expect(ALLOWED_COMMANDS.has(name), name).toBe(true)
    }
    const dangerous = ['KEYS', 'SCAN', 'FLUSHALL', 'FLUSHDB', 'CONFIG', 'EVAL', 'EVALSHA']
    dangerous.push('SCRIPT', 'FUNCTION', 'MULTI', 'EXEC', 'WATCH', 'SUBSCRIBE', 'MONITOR')
    dangerous.push('DEBUG', 'SHUTDOWN', 'CLIENT', 'SELECT', 'MIGRATE', 'BLPOP', 'BZPOPMIN')
    for (const name of dangerous) expect(refusedCommand([[name]]), name).toMatch(/not allowed/)
  })
})
