import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applyOriginUrls,
  readDeployOutputs,
  secretCommands,
} from '../../../../infra/scripts/outputs'

const ROOT = join(import.meta.dirname, '..', '..', '..', '..')
const SECRET_1 = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AccessKeySecret1-AbCdEf'
const SECRET_2 = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AccessKeySecret2-GhIjKl'

/** What `cdk deploy --all --outputs-file` writes for this app (values made up). */
function deployOutputs(): Record<string, Record<string, string>> {
  return {
    'ielts-genai-prep-data': {},
    'ielts-genai-prep-origin-us-east-1': {
      OriginUrl: 'https://abcuseast1.lambda-url.us-east-1.on.aws/',
      OriginFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ielts-genai-prep-origin',
    },
    'ielts-genai-prep-origin-eu-west-1': {
      OriginUrl: 'https://abceuwest1.lambda-url.eu-west-1.on.aws/',
    },
    'ielts-genai-prep-origin-ap-southeast-1': {
      OriginUrl: 'https://abcapse1.lambda-url.ap-southeast-1.on.aws',
    },
    'ielts-genai-prep-edge': {
      AccessKeySecretArn2: SECRET_2,
      AccessKeySecretArn1: SECRET_1,
      EdgeUserName: 'ielts-genai-prep-edge-User00B015A1-X',
    },
  }
}

describe('readDeployOutputs', () => {
  it("finds each region's origin URL by its host and the key secrets by generation", () => {
    const outputs = readDeployOutputs(deployOutputs())
    expect(outputs.originUrls).toEqual({
      'us-east-1': 'https://abcuseast1.lambda-url.us-east-1.on.aws/',
      'eu-west-1': 'https://abceuwest1.lambda-url.eu-west-1.on.aws/',
      'ap-southeast-1': 'https://abcapse1.lambda-url.ap-southeast-1.on.aws/',
    })
    expect(outputs.keySecrets).toEqual([
      { generation: 1, arn: SECRET_1 },
      { generation: 2, arn: SECRET_2 },
    ])
  })

  it('names the regions whose stacks are missing, and refuses URLs that are not Function URLs', () => {
    const partial = deployOutputs()
    delete partial['ielts-genai-prep-origin-eu-west-1']
    expect(() => readDeployOutputs(partial)).toThrow(/eu-west-1/)
    const wrong = deployOutputs()
    wrong['ielts-genai-prep-origin-eu-west-1'] = { OriginUrl: 'https://evil.example/' }
    expect(() => readDeployOutputs(wrong)).toThrow(/not a Lambda Function URL/)
  })
})

describe('applyOriginUrls', () => {
  it('rewrites only the three origin vars of the real wrangler.toml', () => {
    const before = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
    const after = applyOriginUrls(before, readDeployOutputs(deployOutputs()).originUrls)
    const changed = diffLines(before, after)
    expect(changed).toEqual([
      'ORIGIN_URL_US_EAST_1 = "https://abcuseast1.lambda-url.us-east-1.on.aws/"',
      'ORIGIN_URL_EU_WEST_1 = "https://abceuwest1.lambda-url.eu-west-1.on.aws/"',
      'ORIGIN_URL_AP_SOUTHEAST_1 = "https://abcapse1.lambda-url.ap-southeast-1.on.aws/"',
    ])
    expect(after.split('\n')).toHaveLength(before.split('\n').length)
  })

  it('adds a missing var inside [vars], before the next table', () => {
    const toml =
      '[vars]\nDEPLOY_ENV = "production"\nORIGIN_URL_US_EAST_1 = "x"\n\n[observability]\nenabled = true\n'
    const after = applyOriginUrls(toml, readDeployOutputs(deployOutputs()).originUrls)
    expect(after).toBe(
      '[vars]\nDEPLOY_ENV = "production"\n' +
        'ORIGIN_URL_US_EAST_1 = "https://abcuseast1.lambda-url.us-east-1.on.aws/"\n' +
        'ORIGIN_URL_EU_WEST_1 = "https://abceuwest1.lambda-url.eu-west-1.on.aws/"\n' +
        'ORIGIN_URL_AP_SOUTHEAST_1 = "https://abcapse1.lambda-url.ap-southeast-1.on.aws/"\n' +
        '\n[observability]\nenabled = true\n',
    )
    expect(() => applyOriginUrls('name = "x"\n', {} as never)).toThrow(/\[vars\]/)
  })
})

describe('secretCommands', () => {
  it('pipes the newest key from Secrets Manager into wrangler secrets, never printing it', () => {
    const lines = secretCommands(readDeployOutputs(deployOutputs()).keySecrets)
    const commands = lines.filter((line) => !line.startsWith('#'))
    expect(commands).toEqual([
      `aws secretsmanager get-secret-value --region us-east-1 --secret-id '${SECRET_2}' --query SecretString --output text | jq -r .accessKeyId | npx wrangler secret put EDGE_AWS_ACCESS_KEY_ID`,
      `aws secretsmanager get-secret-value --region us-east-1 --secret-id '${SECRET_2}' --query SecretString --output text | jq -r .secretAccessKey | npx wrangler secret put EDGE_AWS_SECRET_ACCESS_KEY`,
    ])
  })
})

describe('npm run infra:outputs', () => {
  let dir: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infra-outputs-'))
  })

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  function run(...args: string[]) {
    const result = spawnSync('npm', ['run', '--silent', 'infra:outputs', '--', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    })
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  it('writes the URLs into the given wrangler.toml and prints the secret commands', () => {
    const outputs = join(dir, 'cdk-outputs.json')
    const wrangler = join(dir, 'wrangler.toml')
    writeFileSync(outputs, JSON.stringify(deployOutputs()))
    writeFileSync(wrangler, readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))
    const { code, stdout } = run('--outputs', outputs, '--wrangler', wrangler)
    expect(code).toBe(0)
    expect(readFileSync(wrangler, 'utf8')).toContain(
      'ORIGIN_URL_EU_WEST_1 = "https://abceuwest1.lambda-url.eu-west-1.on.aws/"',
    )
    expect(stdout).toContain('npx wrangler secret put EDGE_AWS_SECRET_ACCESS_KEY')
  }, 60_000)

  it('only prints with --print, and fails with a clear message when a region is missing', () => {
    const outputs = join(dir, 'partial.json')
    const partial = deployOutputs()
    writeFileSync(join(dir, 'full.json'), JSON.stringify(partial))
    const printed = run('--outputs', join(dir, 'full.json'), '--print')
    expect(printed.code).toBe(0)
    expect(printed.stdout).toContain(
      'ORIGIN_URL_AP_SOUTHEAST_1 = "https://abcapse1.lambda-url.ap-southeast-1.on.aws/"',
    )
    delete partial['ielts-genai-prep-origin-ap-southeast-1']
    writeFileSync(outputs, JSON.stringify(partial))
    const failed = run('--outputs', outputs, '--print')
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('No OriginUrl output for ap-southeast-1')
  }, 60_000)
})

function diffLines(before: string, after: string): string[] {
  const old = before.split('\n')
  return after.split('\n').filter((line, i) => line !== old[i])
}
