// Starts a real Bluesky PDS (@atproto/pds) and an in-memory PLC directory on 127.0.0.1 for Studio's tests
// (see docs/ARCHITECTURE.md, Tests). The packages live in PDS_NODE_MODULES (installed by `make test` into .cache/pds-node22 with `npm ci`
// from this folder's lockfile). Prints one JSON line when ready (and writes it to READY_FILE), exits on SIGTERM.
import http from 'node:http'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

// PDS and PLC call app.listen(port), which binds every interface: keep them on loopback.
const origListen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  return origListen.apply(this, args)
}

const modules = process.env.PDS_NODE_MODULES
if (!modules) { console.error('PDS_NODE_MODULES is not set'); process.exit(2) }
const require = createRequire(path.join(modules, 'package.json'))
const load = (name) => import(pathToFileURL(require.resolve(name)).href)
const { PDS } = await load('@atproto/pds')
const plc = await load('@did-plc/server')
const { Secp256k1Keypair } = await load('@atproto/crypto')

const t0 = Date.now()
const pdsPort = Number(process.env.PDS_PORT)
const ownDir = !process.env.PDS_DATA_DIRECTORY
const dataDir = process.env.PDS_DATA_DIRECTORY || fs.mkdtempSync(path.join(os.tmpdir(), 'pds-'))
fs.mkdirSync(dataDir, { recursive: true })

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: Number(process.env.PLC_PORT) })
await plcServer.start()
const plcUrl = `http://127.0.0.1:${process.env.PLC_PORT}`

// Fresh secrets on every start: nothing here is a real credential.
const rotation = await Secp256k1Keypair.create({ exportable: true })
const defaults = {
  PDS_HOSTNAME: 'localhost', PDS_PORT: String(pdsPort), PDS_DEV_MODE: 'true',
  PDS_DATA_DIRECTORY: dataDir, PDS_BLOBSTORE_DISK_LOCATION: path.join(dataDir, 'blobs'),
  PDS_DID_PLC_URL: plcUrl, PDS_JWT_SECRET: crypto.randomBytes(16).toString('hex'),
  PDS_ADMIN_PASSWORD: crypto.randomBytes(12).toString('hex'), PDS_INVITE_REQUIRED: 'false',
  PDS_SERVICE_HANDLE_DOMAINS: '.test',
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: Buffer.from(await rotation.export()).toString('hex'),
  PDS_CRAWLERS: '', LOG_ENABLED: 'false',
}
for (const [k, v] of Object.entries(defaults)) if (process.env[k] === undefined) process.env[k] = v
const pds = await PDS.fromEnv()
await pds.start()

const base = `http://127.0.0.1:${pdsPort}`
const info = { ready: true, pds: base, plc: plcUrl, dataDir, startMs: Date.now() - t0 }
console.log(JSON.stringify(info))
if (process.env.READY_FILE) {
  const tmp = `${process.env.READY_FILE}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(info))
  fs.renameSync(tmp, process.env.READY_FILE) // the reader never sees half a file
}

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await pds.destroy()
  await plcServer.destroy()
  if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// The test fixture holds our stdin open; if the test process dies without stopping us, stdin closes and we
// stop too, so no PDS outlives its tests.
if (process.env.STOP_ON_STDIN_EOF) {
  process.stdin.on('end', stop)
  process.stdin.resume()
}
