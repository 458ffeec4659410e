import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { checkDeployment, deploymentEnv, parseDotenv } from '../../../scripts/check-config'

const ROOT = resolve(import.meta.dirname, '../../..')
const wrangler = () => parse(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))

/** Every secret a production deployment sets, with well-formed (throw-away) values. */
function productionSecrets(): Record<string, string> {
  const signing = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })
  const apple = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  const google = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  return {
    EDGE_AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00',
    EDGE_AWS_SECRET_ACCESS_KEY: 'example-secret-access-key-0000000000000',
    ACCESS_TOKEN_KEYS: JSON.stringify([{ ...signing, kid: 'k1' }]),
    PASSWORD_PEPPER: 'p'.repeat(40),
    APPLE_CLIENT_IDS: 'com.ieltsgenaiprep.app',
    GOOGLE_CLIENT_IDS: 'example.apps.googleusercontent.com',
    APPLE_API_ISSUER_ID: '57246542-96fe-1a63-e053-0824d011072a',
    APPLE_API_KEY_ID: 'ABCDEFGHIJ',
    APPLE_API_PRIVATE_KEY: apple.export({ format: 'pem', type: 'pkcs8' }).toString(),
    GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify({
      type: 'service_account',
      client_email: 'play@example.iam.gserviceaccount.com',
      private_key: google.export({ format: 'pem', type: 'pkcs8' }).toString(),
      private_key_id: 'k1',
      token_uri: 'https://oauth2.googleapis.com/token',
    }),
    GOOGLE_PUBSUB_AUDIENCE: 'https://api.example.com/webhooks/google',
    GOOGLE_PUBSUB_SERVICE_ACCOUNT: 'pubsub@example.iam.gserviceaccount.com',
  }
}

/** What the operator writes into wrangler.toml once known (committed as placeholders). */
const deployedValues = {
  APPLE_APP_APPLE_ID: '1234567890',
  ORIGIN_URL_US_EAST_1: 'https://abc.lambda-url.us-east-1.on.aws/',
  ORIGIN_URL_EU_WEST_1: 'https://def.lambda-url.eu-west-1.on.aws/',
  ORIGIN_URL_AP_SOUTHEAST_1: 'https://ghi.lambda-url.ap-southeast-1.on.aws/',
}

describe('check-config (pre-deploy)', () => {
  it('takes vars and declared bindings from wrangler.toml', () => {
    const env = deploymentEnv(wrangler(), 'production')
    expect(env.DEPLOY_ENV).toBe('production')
    expect(env.REVOCATIONS).toBeTypeOf('object')
    expect(env.SPEAKING_SESSIONS).toBeTypeOf('object')
  })

  it('refuses the committed production config without secrets, naming each missing one', () => {
    const { problems, findings } = checkDeployment(deploymentEnv(wrangler(), 'production'))
    const named = problems.flatMap((problem) => problem.variables)
    const required = ['EDGE_AWS_ACCESS_KEY_ID', 'ACCESS_TOKEN_KEYS', 'PASSWORD_PEPPER']
    for (const secret of [...required, 'APPLE_APP_APPLE_ID']) {
      expect(named).toContain(secret)
    }
    expect(findings.join('\n')).toMatch(/ORIGIN_URL_US_EAST_1 is still a placeholder/)
  })

  it('accepts production with every secret and the deployed origin URLs', () => {
    const env = {
      ...deploymentEnv(wrangler(), 'production'),
      ...deployedValues,
      ...productionSecrets(),
    }
    expect(checkDeployment(env)).toEqual({ problems: [], findings: [] })
  })

  it('refuses a production value the routes would refuse (a non-G3 Apple root)', () => {
    const env = {
      ...deploymentEnv(wrangler(), 'production'),
      ...deployedValues,
      ...productionSecrets(),
      APPLE_ROOT_CA_SHA256: 'ab'.repeat(32),
    }
    const { problems } = checkDeployment(env)
    expect(problems).toEqual([
      expect.objectContaining({ section: 'apple', variables: ['APPLE_ROOT_CA_SHA256'] }),
    ])
  })

  it('trusts secrets known by name only (wrangler secret list), and names the ones not listed', () => {
    const names = Object.keys(productionSecrets()).filter((name) => name !== 'PASSWORD_PEPPER')
    const env = { ...deploymentEnv(wrangler(), 'production'), ...deployedValues }
    const { problems } = checkDeployment(env, names)
    expect(problems.flatMap((problem) => problem.variables)).toEqual(['PASSWORD_PEPPER'])
  })

  it('reads a dotenv secrets file', () => {
    expect(parseDotenv('# c\nA=1\nB=\'x=y\'\nC="q"\n')).toEqual({ A: '1', B: 'x=y', C: 'q' })
  })

  it('as a command: exit 1 and variable names (never values) when wrong, exit 0 when right', async () => {
    const run = promisify(execFile)
    const dir = mkdtempSync(join(tmpdir(), 'check-config-'))
    const secrets = productionSecrets()
    const file = join(dir, 'secrets.env')
    writeFileSync(
      file,
      Object.entries({ ...secrets, PASSWORD_PEPPER: 'short-pepper-value' })
        .map(([name, value]) => `${name}='${value.replaceAll('\n', '\\n')}'`)
        .join('\n'),
    )
    const failed = await run(
      'node',
      ['--import', 'tsx', 'scripts/check-config.ts', '--env', 'production', '--secrets-file', file],
      { cwd: ROOT },
    ).catch((error: { code: number; stderr: string }) => error)
    expect(failed).toMatchObject({ code: 1 })
    const stderr = (failed as { stderr: string }).stderr
    expect(stderr).toMatch(/auth: PASSWORD_PEPPER/)
    expect(stderr).not.toContain('short-pepper-value')
  })
})
