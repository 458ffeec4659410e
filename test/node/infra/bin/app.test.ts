import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..', '..', '..')
const STACKS = [
  'ielts-genai-prep-data',
  'ielts-genai-prep-origin-us-east-1',
  'ielts-genai-prep-origin-eu-west-1',
  'ielts-genai-prep-origin-ap-southeast-1',
  'ielts-genai-prep-edge',
]
// Templates up to this size can be passed to CloudFormation inline (TemplateBody).
const INLINE_TEMPLATE_LIMIT = 51_200

const outdir = mkdtempSync(join(tmpdir(), 'ielts-cdk-synth-'))

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true })
})

/**
 * `npm run cdk -- synth`, as an operator runs it, with no AWS credentials and every
 * network path closed: proxies pointing at a closed port, instance metadata disabled.
 */
function synthOffline() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(outdir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-credentials'),
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: '1',
  }
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
  ]) {
    delete env[name]
  }
  return spawnSync(
    'npm',
    ['run', '--silent', 'cdk', '--', 'synth', '-c', 'account=123456789012', '--output', outdir],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 240_000 },
  )
}

describe('npm run cdk -- synth', () => {
  it('synthesizes the five stacks offline, with CloudFormation schema checks and cdk-nag passing', () => {
    const result = synthOffline()
    const output = `${result.stdout}\n${result.stderr}`
    expect(result.status, output).toBe(0)
    for (const stack of STACKS) expect(output).toContain(stack)
    const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'))
    expect(templates.sort()).toEqual(STACKS.map((stack) => `${stack}.template.json`).sort())
    for (const template of templates) {
      expect(statSync(join(outdir, template)).size).toBeLessThan(INLINE_TEMPLATE_LIMIT)
    }
  }, 300_000)
})
