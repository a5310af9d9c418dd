#!/usr/bin/env node
// ONNX Runtime peer for bench/run.py: onnxruntime-node, CPU execution provider,
// graphOptimizationLevel 'all', sequential execution, intra-op threads = --threads.
//
// One-shot use (prints one JSON object):
//   node ort_peer.js --model m.onnx --threads 1 --input x.npy [--sample 0]
//                    [--warmup 10] [--iters 50] [--output out.npy] [--no-spin]
//   Times --iters runs of sample --sample (after --warmup runs). With --output, also runs
//   every sample of x.npy and writes the first model output stacked as [N, ...] float32.
//
// Server use (bench/run.py keeps one process per engine/model/threads and interleaves):
//   node ort_peer.js --model m.onnx --threads 1 --serve
//   prints {"ready":true,...}, then answers one JSON line per JSON command line on stdin:
//     {"cmd":"bench","input":"x.npy","sample":0,"warmup":2,"iters":10} -> {"ok":true,"lat_ms":[...]}
//     {"cmd":"run","input":"x.npy","output":"out.npy"}                -> {"ok":true,"n":N,"shape":[...]}
//     {"cmd":"minmax","input":"x.npy"}  -> {"ok":true,"ranges":{"name":[min,max],...}} over all
//                                          outputs (float ones) and all samples
//     {"cmd":"quit"}
// Inputs: a .npy file (float32, C order) whose first axis enumerates samples; each sample
// has as many elements as the model's (single, static-shape) input: [N,3,224,224] or
// [N,1,3,224,224] both work for a [1,3,224,224] input.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const ort = require('onnxruntime-node');

// ---------------------------------------------------------------- .npy
const NPY_DTYPES = {
  '<f4': [Float32Array, 'float32'], '<f8': [Float64Array, 'float64'],
  '|u1': [Uint8Array, 'uint8'], '|i1': [Int8Array, 'int8'], '<i4': [Int32Array, 'int32'],
  '<i8': [BigInt64Array, 'int64'],
};

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.readUInt32BE(0) !== 0x934e554d || buf.toString('latin1', 4, 6) !== 'PY')
    throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const hstart = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', hstart, hstart + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order`);
  const shapeStr = /'shape':\s*\(([^)]*)\)/.exec(header)[1];
  const shape = shapeStr.split(',').map((s) => s.trim()).filter((s) => s.length).map(Number);
  const dt = NPY_DTYPES[descr.replace('=', '<')];
  if (!dt) throw new Error(`${file}: unsupported dtype ${descr}`);
  const off = hstart + hlen;
  const count = shape.reduce((a, b) => a * b, 1);
  // copy into an aligned buffer
  const bytes = buf.subarray(off, off + count * dt[0].BYTES_PER_ELEMENT);
  const ab = new ArrayBuffer(bytes.length);
  new Uint8Array(ab).set(bytes);
  return { data: new dt[0](ab), shape, type: dt[1] };
}

function writeNpyF32(file, data, shape) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.writeUInt32BE(0x934e554d, 0);
  pre.write('PY', 4, 'latin1');
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
}

// ---------------------------------------------------------------- session
function parseArgs(argv) {
  const a = { threads: 1, warmup: 10, iters: 50, sample: 0, serve: false };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    const next = () => argv[++i];
    if (k === '--model') a.model = next();
    else if (k === '--threads') a.threads = Number(next());
    else if (k === '--input') a.input = next();
    else if (k === '--output') a.output = next();
    else if (k === '--warmup') a.warmup = Number(next());
    else if (k === '--iters') a.iters = Number(next());
    else if (k === '--sample') a.sample = Number(next());
    else if (k === '--serve') a.serve = true;
    else if (k === '--no-spin') a.noSpin = true;
    else if (k === '--save-optimized') a.saveOptimized = next();
    else if (k === '--help' || k === '-h') { console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 22).join('\n')); process.exit(0); }
    else throw new Error(`unknown argument ${k}`);
  }
  if (!a.model) throw new Error('--model is required');
  return a;
}

class Peer {
  async open(args) {
    const t0 = process.hrtime.bigint();
    const opts = {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: args.threads,
      interOpNumThreads: 1,
    };
    if (args.saveOptimized) opts.optimizedModelFilePath = args.saveOptimized;
    // ORT's intra-op pool spins between parallel sections by default; --no-spin turns that
    // off (session config key session.intra_op.allow_spinning).
    if (args.noSpin) opts.extra = { 'session.intra_op.allow_spinning': '0' };
    this.session = await ort.InferenceSession.create(args.model, opts);
    this.loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
    this.inputName = this.session.inputNames[0];
    const meta = this.session.inputMetadata ? this.session.inputMetadata[0] : null;
    this.inputShape = meta && meta.shape ? meta.shape.map((d) => (typeof d === 'number' ? d : 1)) : null;
    this.inputs = new Map();  // cache of loaded .npy files
  }

  samples(file) {
    if (!this.inputs.has(file)) {
      const arr = readNpy(file);
      if (arr.type !== 'float32') throw new Error(`${file}: expected float32, got ${arr.type}`);
      const per = this.inputShape.reduce((a, b) => a * b, 1);
      if (arr.data.length % per !== 0) throw new Error(`${file}: ${arr.shape} does not split into samples of ${this.inputShape}`);
      const n = arr.data.length / per;
      const tensors = [];
      for (let i = 0; i < n; i++)
        tensors.push(new ort.Tensor('float32', arr.data.subarray(i * per, (i + 1) * per), this.inputShape));
      this.inputs.set(file, tensors);
    }
    return this.inputs.get(file);
  }

  async bench(file, sample, warmup, iters) {
    const feeds = { [this.inputName]: this.samples(file)[sample] };
    for (let i = 0; i < warmup; i++) await this.session.run(feeds);
    const lat = [];
    for (let i = 0; i < iters; i++) {
      const t0 = process.hrtime.bigint();
      await this.session.run(feeds);
      lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return lat;
  }

  async run(file, out) {
    const xs = this.samples(file);
    const name = this.session.outputNames[0];
    let res = null, shape = null;
    for (let i = 0; i < xs.length; i++) {
      const r = (await this.session.run({ [this.inputName]: xs[i] }))[name];
      if (!res) { shape = r.dims.slice(); res = new Float32Array(xs.length * r.data.length); }
      res.set(r.data, i * r.data.length);
    }
    writeNpyF32(out, res, [xs.length, ...shape]);
    return { n: xs.length, shape };
  }

  async minmax(file) {
    const ranges = {};
    for (const x of this.samples(file)) {
      const r = await this.session.run({ [this.inputName]: x });
      for (const [k, t] of Object.entries(r)) {
        if (t.type !== 'float32') continue;
        let lo = Infinity, hi = -Infinity;
        const d = t.data;
        for (let i = 0; i < d.length; i++) { const v = d[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
        const cur = ranges[k];
        ranges[k] = cur ? [Math.min(cur[0], lo), Math.max(cur[1], hi)] : [lo, hi];
      }
    }
    return ranges;
  }
}

async function main() {
  const args = parseArgs(process.argv);
  const peer = new Peer();
  await peer.open(args);
  const info = { engine: 'onnxruntime-node', version: ort.env.versions ? ort.env.versions.common : undefined,
    ort_version: require('onnxruntime-node/package.json').version, threads: args.threads,
    load_ms: peer.loadMs, input: peer.inputName, input_shape: peer.inputShape,
    outputs: peer.session.outputNames.length };
  if (!args.serve) {
    if (!args.input) throw new Error('--input is required');
    const lat = await peer.bench(args.input, args.sample, args.warmup, args.iters);
    const out = { ...info, lat_ms: lat };
    if (args.output) out.run = await peer.run(args.input, args.output);
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  process.stdout.write(JSON.stringify({ ready: true, ...info }) + '\n');
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let reply;
    try {
      const c = JSON.parse(line);
      if (c.cmd === 'quit') break;
      else if (c.cmd === 'bench') reply = { ok: true, lat_ms: await peer.bench(c.input, c.sample || 0, c.warmup || 0, c.iters) };
      else if (c.cmd === 'run') reply = { ok: true, ...(await peer.run(c.input, c.output)) };
      else if (c.cmd === 'minmax') reply = { ok: true, ranges: await peer.minmax(c.input) };
      else reply = { ok: false, error: `unknown cmd ${c.cmd}` };
    } catch (e) {
      reply = { ok: false, error: String(e && e.stack || e) };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
  rl.close();
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`ort_peer: ${e && e.stack || e}\n`);
  process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message || e) }) + '\n');
  process.exit(1);
});
