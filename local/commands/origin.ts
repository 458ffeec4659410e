import type { LocalCommand } from '.'

/** `npm run local -- origin <stop|start> <region>`: watch fail-over by hand. */
export const originCommand: LocalCommand = {
  name: 'origin',
  usage: 'origin <stop|start> <region>',
  summary: "stop or start one region's origin in the running dev stack",
  async run([action, region], stack) {
    if ((action !== 'stop' && action !== 'start') || !region) {
      throw new Error(`usage: npm run local -- ${this.usage}`)
    }
    const res = await fetch(`${stack.controlUrl}/origin-sets/primary/origins/${region}/${action}`, {
      method: 'POST',
    })
    if (!res.ok) throw new Error(`${action} ${region} failed: ${res.status} ${await res.text()}`)
    console.log(`${region} origin ${action === 'stop' ? 'stopped' : 'started'}`)
  },
}
