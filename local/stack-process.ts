import { startStack } from './stack'
import { startStackControl } from './stack-control'

/**
 * Runs the local stack as its own process for test runners: prints one line
 * `STACK_READY {"workerVars":…,"controlUrl":…}` when everything answers, and stops every
 * child (DynamoDB Local, redis-server) on SIGTERM, SIGINT or when its parent goes away
 * (stdin closes), so a crashed test run leaves nothing behind.
 */
async function main() {
  const stack = await startStack()
  const control = await startStackControl(stack)
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    await control.stop().catch(() => undefined)
    await stack.stop().catch(() => undefined)
    if (control.violations.length > 0) {
      process.stderr.write(`Unexpected outbound requests:\n${control.violations.join('\n')}\n`)
      process.exit(3)
    }
    process.exit(code)
  }
  process.on('SIGTERM', () => void stop(0))
  process.on('SIGINT', () => void stop(0))
  process.stdin.on('end', () => void stop(0))
  process.stdin.resume()
  const ready = {
    workerVars: stack.workerVars(),
    controlUrl: control.url,
    tableName: stack.tableName,
    redisUrl: stack.redis.url,
    dynamodbEndpoint: stack.dynamodb.endpoint,
  }
  process.stdout.write(`STACK_READY ${JSON.stringify(ready)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`local stack failed to start: ${String(error)}\n`)
  process.exit(1)
})
