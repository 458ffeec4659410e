import * as z from 'zod'
import { refusedCommand } from '../../shared/redis-commands'

/** A command ready for ioredis: upper-cased name, then arguments as strings. */
export type RedisCommand = readonly [name: string, ...args: string[]]

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

// `@upstash/redis` sends numbers and booleans as JSON values (its serializer only
// stringifies objects), so all three are accepted and sent to Redis as their string form.
const Argument = z.union([z.string(), z.number(), z.boolean()])
const CommandBody = z.tuple([z.string().min(1).max(64)], Argument)
const BatchBody = z.array(CommandBody).min(1, 'a batch holds at least one command')

/**
 * Parses the body of `POST /`: one command as a JSON array, e.g. `["SET","k","v","EX",10]`.
 *
 * @example
 * parseCommand(['set', 'k', 1]) // { ok: true, value: ['SET', 'k', '1'] }
 */
export function parseCommand(body: unknown): Parsed<RedisCommand> {
  const parsed = CommandBody.safeParse(body)
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error) }
  const command = normalize(parsed.data)
  const refused = refusedCommand([command])
  return refused ? { ok: false, error: refused } : { ok: true, value: command }
}

/**
 * Parses the body of `POST /pipeline` and `POST /multi-exec`: a JSON array of commands,
 * at most `maxCommands` of them. One refused command refuses the whole batch, so nothing
 * of a half-allowed batch runs.
 *
 * @example
 * parseBatch([['INCR', 'n'], ['EXPIRE', 'n', 60]], 100)
 */
export function parseBatch(body: unknown, maxCommands: number): Parsed<RedisCommand[]> {
  if (Array.isArray(body) && body.length > maxCommands) {
    return { ok: false, error: `ERR a batch holds at most ${maxCommands} commands` }
  }
  const parsed = BatchBody.safeParse(body)
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error) }
  const commands = parsed.data.map(normalize)
  const refused = refusedCommand(commands)
  return refused ? { ok: false, error: refused } : { ok: true, value: commands }
}

type RawCommand = z.infer<typeof CommandBody>

function normalize([name, ...args]: RawCommand): RedisCommand {
  return [name.toUpperCase(), ...args.map((arg) => String(arg))]
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  const where = issue?.path.length ? ` at ${issue.path.map((p) => `[${String(p)}]`).join('')}` : ''
  const what =
    issue?.code === 'invalid_union' ? 'expected a string, number or boolean' : issue?.message
  return `ERR malformed request body${where}: ${what ?? 'invalid'}`
}
