import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                DEPLOY_ENV: 'local',
                EDGE_AWS_ACCESS_KEY_ID: 'AKIDLOCALEDGE00000000',
                EDGE_AWS_SECRET_ACCESS_KEY: 'local-edge-secret-key-000000000000000000',
              },
            },
          }),
        ],
        test: { name: 'worker', include: ['test/worker/**/*.test.ts'] },
      },
      {
        test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node' },
      },
    ],
  },
})
