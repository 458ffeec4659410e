import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, inject, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js')

type LintReport = {
  totals: { errors: number; warnings: number }
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[]
}

it('passes `redocly lint` (redocly.yaml: recommended, plus our rules as errors) on the served /openapi.json', async () => {
  const url = `${inject('cleanWorkerUrl')}/openapi.json`
  // The CLI's exit code is 1 on any error; the report on stdout says which.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [REDOCLY, 'lint', url, '--config', resolve(ROOT, 'redocly.yaml'), '--format', 'json'],
    { cwd: ROOT, env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
  const report = JSON.parse(stdout) as LintReport
  const problems = report.problems.map(
    (p) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`,
  )
  expect(problems).toEqual([])
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
})
