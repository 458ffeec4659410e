import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type DynamoDbLocal,
  javaAvailable,
  LOCAL_CREDENTIALS,
  startDynamoDbLocal,
} from '../../../local/services/dynamodb-local'
import { createTableInput } from '../../../local/services/table'

const started: DynamoDbLocal[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((ddb) => ddb.stop()))
})

async function start(options: Parameters<typeof startDynamoDbLocal>[0]) {
  const ddb = await startDynamoDbLocal(options)
  started.push(ddb)
  return ddb
}

async function tableNames(endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: LOCAL_CREDENTIALS,
  })
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? []
  } finally {
    client.destroy()
  }
}

/** Whether a process with this pid exists, asked of the OS rather than of Node. */
function processExists(pid: number): boolean {
  try {
    execFileSync('ps', ['-p', String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('javaAvailable', () => {
  it('finds Java 17 or later on this machine', () => {
    const java = javaAvailable()
    expect(java.ok).toBe(true)
    expect(java.version).toBeGreaterThanOrEqual(17)
  })

  it('says no when the command does not exist', () => {
    expect(javaAvailable(`no-such-java-${randomUUID()}`)).toEqual({ ok: false })
  })
})

describe('startDynamoDbLocal', () => {
  it('starts in memory on a free port, answers, and leaves no process behind', async () => {
    const ddb = await start({ port: 0 })
    expect(ddb.port).toBeGreaterThan(0)
    expect(ddb.endpoint).toBe(`http://127.0.0.1:${ddb.port}`)
    expect(await tableNames(ddb.endpoint)).toEqual([])
    expect(processExists(ddb.pid)).toBe(true)
    // Telemetry is off in the child only; our own environment is left as it was.
    const environ = readFileSync(`/proc/${ddb.pid}/environ`, 'utf8').split('\0')
    expect(environ).toContain('DDB_LOCAL_TELEMETRY=0')
    expect(process.env.DDB_LOCAL_TELEMETRY).toBeUndefined()
    await ddb.stop()
    await ddb.stop()
    expect(processExists(ddb.pid)).toBe(false)
    await expect(tableNames(ddb.endpoint)).rejects.toThrow()
  }, 60_000)

  it('keeps tables in dataDir across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ddb-local-'))
    try {
      const first = await start({ port: 0, dataDir })
      const client = new DynamoDBClient({
        endpoint: first.endpoint,
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
      })
      const { CreateTableCommand } = await import('@aws-sdk/client-dynamodb')
      await client.send(new CreateTableCommand(createTableInput('persisted')))
      client.destroy()
      await first.stop()
      const second = await start({ port: 0, dataDir })
      expect(await tableNames(second.endpoint)).toEqual(['persisted'])
    } finally {
      await Promise.all(started.splice(0).map((ddb) => ddb.stop()))
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 90_000)

  it('refuses a port that is already taken instead of talking to someone else', async () => {
    const server: Server = createServer()
    await new Promise<void>((listening) => server.listen(0, listening))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      await expect(startDynamoDbLocal({ port })).rejects.toThrow(`Port ${port} is in use.`)
    } finally {
      server.close()
    }
  })
})
