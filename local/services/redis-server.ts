import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

const HOST = '127.0.0.1'
const START_TIMEOUT_MS = 10_000
const STOP_TIMEOUT_MS = 5_000
const POLL_MS = 50
const OUTPUT_TAIL = 4_000
// The password travels in a config line on stdin, so keep it free of quoting problems.
const PASSWORD = /^[A-Za-z0-9._~+/=-]{1,128}$/

export type RedisServerOptions = {
  /** Port to listen on; 0 or undefined picks a free one. */
  port?: number
  /** Persistence directory (append-only file on). Default: a temp dir, nothing persisted. */
  dir?: string
  /** Sets `requirepass`; the password is then part of `url`. */
  password?: string
  /** The executable; default `redis-server` from PATH. */
  binary?: string
  startTimeoutMs?: number
}

export type RedisServer = {
  /** `redis://[:password@]127.0.0.1:port`, ready for ioredis. */
  readonly url: string
  readonly port: number
  /** Whether a process is currently up (false between `stop()` and `restart()`). */
  readonly running: boolean
  /** SIGTERM, wait for exit, SIGKILL after a timeout. Idempotent. */
  stop(): Promise<void>
  /** Stops if running, then starts again on the same port and directory. */
  restart(): Promise<void>
  /** SIGSTOP: the port still accepts connections but nothing answers (a hung Redis). */
  pause(): void
  /** SIGCONT after `pause()`. */
  resume(): void
}

/**
 * Whether the `redis-server` executable can be found (on PATH, or at the given path).
 *
 * @example
 * if (!redisServerAvailable()) throw new Error('install redis-server (apt-get install redis-server)')
 */
export function redisServerAvailable(binary = 'redis-server'): boolean {
  const candidates = binary.includes('/')
    ? [binary]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, binary))
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

/**
 * Starts a real `redis-server` bound to 127.0.0.1 (protected mode on) and resolves once it
 * answers. Tests and the dev stack use it; the returned handle can take the server down
 * and bring it back on the same port, which is how "Redis is down" is tested.
 *
 * @example
 * const server = await startRedisServer()
 * const redis = new Redis(server.url)
 * await server.stop()
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const { password, binary = 'redis-server', startTimeoutMs = START_TIMEOUT_MS } = options
  if (password !== undefined && !PASSWORD.test(password)) {
    throw new TypeError('startRedisServer: password must be 1-128 characters of [A-Za-z0-9._~+/=-]')
  }
  const port = options.port || (await freePort())
  const persistent = options.dir !== undefined
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'redis-server-'))
  const args = ['-', '--port', String(port), '--bind', HOST, '--protected-mode', 'yes']
  args.push('--dir', dir, '--daemonize', 'no', '--loglevel', 'warning', '--save', '')
  args.push('--appendonly', persistent ? 'yes' : 'no')
  let child: ChildProcess | undefined

  const start = async () => {
    mkdirSync(dir, { recursive: true })
    child = await launch(binary, args, { port, password, timeoutMs: startTimeoutMs })
  }
  const halt = async () => {
    const running = child
    child = undefined
    if (running) await terminate(running)
  }
  try {
    await start()
  } catch (error) {
    if (!persistent) rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const auth = password === undefined ? '' : `:${encodeURIComponent(password)}@`
  return {
    url: `redis://${auth}${HOST}:${port}`,
    port,
    get running() {
      return child !== undefined
    },
    async stop() {
      await halt()
      if (!persistent) rmSync(dir, { recursive: true, force: true })
    },
    async restart() {
      await halt()
      await start()
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  }
}

/** Asks the kernel for a free port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

type LaunchSettings = { port: number; password: string | undefined; timeoutMs: number }

async function launch(binary: string, args: string[], settings: LaunchSettings) {
  // Config on stdin (`-`) keeps the password out of the process list.
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  let failure: Error | undefined
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.once('error', (error) => {
    failure = error
  })
  // A server that dies at once closes stdin under us: EPIPE is not the error to report.
  child.stdin?.on('error', () => {})
  child.stdin?.end(settings.password ? `requirepass ${settings.password}\n` : '')
  // A crashed test run must not leave an orphan server behind.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))

  const deadline = Date.now() + settings.timeoutMs
  while (!(await answersAs(child.pid, settings.port, settings.password))) {
    const exited = child.exitCode !== null || child.signalCode !== null
    if (failure || exited || Date.now() > deadline) {
      await terminate(child)
      const reason = failure?.message ?? (exited ? 'exited' : 'did not answer in time')
      throw new Error(`redis-server on port ${settings.port} ${reason}: ${output.trim()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  return child
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // A paused (SIGSTOP) server only acts on SIGTERM once it runs again.
  child.kill('SIGCONT')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

/**
 * Whether the server on `port` is our child: `INFO server` (after AUTH when a password is
 * set) must report its pid, so another server already holding the port is not mistaken
 * for ours. False on any error, refusal or silence.
 */
function answersAs(pid: number | undefined, port: number, password: string | undefined) {
  const command = (...parts: string[]) =>
    `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`
  return new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: HOST, port })
    let reply = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => {
      socket.write((password ? command('AUTH', password) : '') + command('INFO', 'server'))
    })
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      const found = /process_id:(\d+)\r\n/.exec(reply)
      if (found) done(Number(found[1]) === pid)
      else if (/(^|\r\n)-[^\r]*\r\n/.test(reply)) done(false)
    })
  })
}
