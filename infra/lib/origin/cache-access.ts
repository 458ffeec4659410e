import { ALLOWED_COMMANDS } from '../../../shared/redis-commands'

/**
 * Commands the origin's connection itself sends besides what callers may forward:
 * ioredis's ready check (INFO), the `/multi-exec` route's transaction, and the warming
 * ping (also allowed to callers).
 */
export const CONNECTION_COMMANDS = ['INFO', 'MULTI', 'EXEC', 'DISCARD', 'PING'] as const

/**
 * The ACL access string of the origin's cache user, built from the same allow-list the
 * origin enforces (`shared/redis-commands.ts`): the cache refuses anything else even if a
 * bug let a command past the origin. AUTH and HELLO need no grant; ioredis's optional
 * `CLIENT SETINFO` is refused and ioredis ignores that.
 *
 * @example
 * cacheAccessString() // 'on ~* -@all +decr +decrby +del …'
 */
export function cacheAccessString(): string {
  const commands = [...new Set([...ALLOWED_COMMANDS, ...CONNECTION_COMMANDS])]
    .map((command) => command.toLowerCase())
    .sort()
  for (const command of commands) {
    // A `|` would grant a subcommand, a space would smuggle another ACL rule.
    if (!/^[a-z]+$/.test(command)) throw new Error(`Unexpected command name in the allow-list`)
  }
  return ['on', '~*', '-@all', ...commands.map((command) => `+${command}`)].join(' ')
}
