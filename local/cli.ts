import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { COMMANDS, type DevStackInfo } from './commands'

const ROOT = resolve(import.meta.dirname, '..')

/** Finds the running `npm run dev` through the file its launcher writes. */
function devStack(): DevStackInfo {
  const dataDir = resolve(ROOT, process.env.DEV_DATA_DIR ?? '.local-data')
  const file = join(dataDir, 'dev-stack.json')
  if (!existsSync(file)) throw new Error('No running dev stack found: start `npm run dev` first.')
  const { controlUrl, port } = JSON.parse(readFileSync(file, 'utf8')) as {
    controlUrl: string
    port: number
  }
  return { apiUrl: `http://127.0.0.1:${port}`, controlUrl, dataDir }
}

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.usage.padEnd(52)} ${command.summary}`)
  return ['usage: npm run local -- <command> [args]', '', ...lines].join('\n')
}

/** `npm run local -- <command> …`: developer tools that talk to the running dev stack. */
async function main(argv: string[]) {
  const [name, ...args] = argv
  const command = COMMANDS.find((candidate) => candidate.name === name)
  if (!command) {
    console.error(usage())
    process.exit(name ? 2 : 0)
  }
  await command.run(args, devStack())
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
