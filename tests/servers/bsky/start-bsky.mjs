// Starts a real Bluesky network on 127.0.0.1 for Studio's listening tests: @atproto/dev-env's TestNetwork, which
// runs the PLC directory, a PDS, the AppView (@atproto/bsky) and its helpers (bsync, ozone) on the PostgreSQL in
// DB_POSTGRES_URL (one schema per start, DB_POSTGRES_SCHEMA) with the Redis in REDIS_HOST. The packages live in
// BSKY_NODE_MODULES (installed by `make test-servers` into .cache/bsky-node22 with `npm ci` from this folder's
// lockfile). tests/servers/bsky_network.py starts it.
//
// Prints one JSON line when ready ({"ready": true, "pds", "appview", "plc", "appviewDid", "startMs"}), then reads
// commands from stdin, one a line, and answers each with one JSON line:
//   process   let the AppView index everything the PDS has sequenced (TestNetwork.processAll) -> {"processed": true}
// It stops when stdin closes or on SIGTERM/SIGINT.
import http from 'node:http'
import path from 'node:path'
import readline from 'node:readline'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

// Every service calls listen(port), which binds every interface: keep them on loopback.
const origListen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' }
  }
  return origListen.apply(this, args)
}

const modules = process.env.BSKY_NODE_MODULES
if (!modules) { console.error('BSKY_NODE_MODULES is not set'); process.exit(2) }
for (const name of ['DB_POSTGRES_URL', 'REDIS_HOST']) {
  if (!process.env[name]) { console.error(`${name} is not set`); process.exit(2) }
}
const require = createRequire(path.join(modules, 'package.json'))
const { TestNetwork } = await import(pathToFileURL(require.resolve('@atproto/dev-env')).href)

const t0 = Date.now()
const network = await TestNetwork.create({ dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA || 'studio' })
const loopback = (url) => url.replace('://localhost:', '://127.0.0.1:')
const reply = (value) => process.stdout.write(JSON.stringify(value) + '\n')
reply({
  ready: true,
  pds: loopback(network.pds.url),
  appview: loopback(network.bsky.url),
  plc: loopback(network.plc.url),
  appviewDid: network.bsky.ctx.cfg.serverDid,
  startMs: Date.now() - t0,
})

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  // close() first lets the AppView catch up; never wait on that for long.
  const timer = setTimeout(() => process.exit(0), 5000)
  try { await network.close() } catch (err) { console.error(err) }
  clearTimeout(timer)
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)

// The fixture holds our stdin open; when the test process ends (even killed), stdin closes and we stop.
const lines = readline.createInterface({ input: process.stdin })
let queue = Promise.resolve()
lines.on('line', (line) => {
  const command = line.trim()
  queue = queue.then(async () => {
    if (command === 'process') {
      try {
        await network.processAll()
        reply({ processed: true })
      } catch (err) {
        reply({ error: String(err) })
      }
    } else if (command) {
      reply({ error: `unknown command: ${command}` })
    }
  })
})
lines.on('close', () => { queue.then(stop) })
