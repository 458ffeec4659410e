declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../worker/index')
  }
  interface Env extends Record<string, unknown> {}
}
