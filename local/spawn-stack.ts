import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'

export type StackHandle = {
  workerVars: Record<string, string>
  controlUrl: string
  tableName: string
  redisUrl: string
  dynamodbEndpoint: string
  /** Stops the stack; rejects when it reported outbound requests the egress guard refused. */
  stop(): Promise<void>
}

const ROOT = resolve(import.meta.dirname, '..')
const READY = 'STACK_READY '

/**
 * Starts `local/stack-process.ts` in its own Node process and waits for its ready line: the
 * worker tests (outside the runner's module graph, so the Workers plugin's resolution never
 * touches Node-only packages) and bench/ (so the stack's CPU is not the load generator's).
 */
export function startStackProcess(timeoutMs = 120_000): Promise<StackHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/stack-process.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`local stack did not start in ${timeoutMs} ms\n${stderr}`))
    }, timeoutMs)
    let buffer = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const line = buffer.split('\n').find((l) => l.startsWith(READY))
      if (!line) return
      clearTimeout(timer)
      const ready = JSON.parse(line.slice(READY.length)) as Omit<StackHandle, 'stop'>
      resolvePromise({ ...ready, stop: () => stopChild(child, () => stderr) })
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`local stack exited with ${code}\n${stderr}`))
    })
  })
}

function stopChild(child: ChildProcess, stderr: () => string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    child.removeAllListeners('exit')
    child.on('exit', (code) => {
      if (code === 0 || code === null) resolvePromise()
      else reject(new Error(`local stack stopped with code ${code}\n${stderr()}`))
    })
    child.kill('SIGTERM')
  })
}
