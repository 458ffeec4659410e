/** Fields of a log line. Never put bodies, tokens, secrets, essays or transcripts here. */
export type LogFields = Record<string, string | number | boolean | null | undefined>

export type Logger = {
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  child(fields: LogFields): Logger
}

type Level = 'info' | 'warn' | 'error'

/**
 * A logger that writes one JSON object per line, which Workers Logs and Logpush index.
 *
 * @example
 * const log = createLogger({ requestId })
 * log.info('request', { route: '/health', status: 200 })
 */
export function createLogger(
  base: LogFields = {},
  sink: (line: string) => void = (line) => console.log(line),
): Logger {
  const write = (level: Level, msg: string, fields: LogFields = {}) =>
    sink(JSON.stringify({ level, msg, time: new Date().toISOString(), ...base, ...fields }))
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger({ ...base, ...fields }, sink),
  }
}

/** A short, safe description of a caught value: its name and code, never its message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? `${error.name}:${code}` : error.name
  }
  return typeof error
}
