import { connect } from 'node:net'

/** A loopback port the dev stack named in its ready line, with the word printed before it. */
export type ListenedPort = { name: string; port: number }

const LOOPBACK_URL = /([^\s|,]+) [a-z]+:\/\/(?:[^@\s/]*@)?(?:127\.0\.0\.1|localhost):(\d+)/g

/**
 * Every loopback port in the dev stack's ready line: the API, each origin, DynamoDB Local,
 * Redis, the stack control and each emulator.
 *
 * @example
 * readyLinePorts(dev.output()) // [{ name: 'API', port: 8787 }, { name: 'us-east-1', port: 41234 }, …]
 */
export function readyLinePorts(output: string): ListenedPort[] {
  const line = output.split('\n').find((l) => l.startsWith('ready: API'))
  if (!line) throw new Error(`no ready line in the dev stack's output:\n${output}`)
  const seen = new Map<number, string>()
  for (const [, name = '', port] of line.matchAll(LOOPBACK_URL)) {
    if (!seen.has(Number(port))) seen.set(Number(port), name)
  }
  return [...seen].map(([port, name]) => ({ name, port }))
}

/** Whether something accepts a TCP connection on 127.0.0.1:`port` (false when refused). */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve(false) : reject(error),
    )
  })
}

/**
 * The ports that still accept connections once each has had up to `capMs` to close:
 * shutdown is asynchronous, so this waits rather than asserting on timing.
 *
 * @example
 * expect(await stillAccepting(ports)).toEqual([])
 */
export async function stillAccepting(
  ports: ListenedPort[],
  capMs = 60_000,
): Promise<ListenedPort[]> {
  const deadline = Date.now() + capMs
  let open = ports
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250))
    const states = await Promise.all(open.map((p) => accepts(p.port)))
    open = open.filter((_, i) => states[i])
  }
  return open
}
