import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Log lines of passing tests stay quiet; a failing test shows its own.
    silent: 'passed-only',
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => {
            const stackControlUrl = inject('stackControlUrl')
            return {
              wrangler: { configPath: './wrangler.toml' },
              // The sources, not the deploy build that wrangler.toml's `main` names.
              main: './worker/index.ts',
              miniflare: {
                bindings: { ...inject('workerVars'), STACK_CONTROL_URL: stackControlUrl },
                outboundService: 'egress-guard',
                workers: [
                  {
                    name: 'egress-guard',
                    modules: true,
                    scriptPath: './test/support/egress-guard.js',
                    compatibilityDate: '2026-07-30',
                    bindings: { STACK_CONTROL_URL: stackControlUrl },
                  },
                ],
              },
            }
          }),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          // A test file's first request evaluates the whole app in a fresh isolate; on a
          // loaded 2-core machine that alone can take seconds. Not a performance assertion.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['test/support/worker-global-setup.ts'],
        },
      },
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The emulators against the vendors' own client libraries (the oracle), in Node.
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'wrangler',
          include: ['test/wrangler/**/*.test.ts'],
          environment: 'node',
          // One `wrangler dev` for the project (global setup); its first build and a cold
          // Chromium can take tens of seconds on a loaded 2-core machine.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['test/wrangler/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Each file starts a whole `npm run dev` (DynamoDB Local, Redis, origins, workerd):
          // one at a time on a 2-core machine.
          fileParallelism: false,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
