'use strict';
// The file half of TreeWriter (lib/output.ts): puts each rendered file into the staging directory. It runs in a
// worker thread, so that creating files overlaps synthesis on the main thread. Creating a file is system time
// (on this project's 2-core CI machine ~0.3 ms a file, 13,000 files for 10,000 services), and the kernel does it
// on the other core while the main thread goes on building objects.
//
// Plain CommonJS, not TypeScript: a worker thread starts without the require hook (scripts/register-ts.js)
// and without ts-jest, and this file loads the same way under each of them.
const fs = require('fs');
const path = require('path');
const { isMainThread, parentPort, workerData } = require('worker_threads');

/**
 * Writes files under `staging`. A file whose content is already in `outdir` is hard-linked instead of written:
 * on a repeated synth most files are unchanged, and a link costs a fraction of writing the data (the old tree
 * is unlinked after the swap, so nothing stays shared).
 */
class FileSink {
  constructor(outdir, staging) {
    this.outdir = outdir;
    this.staging = staging;
    this.made = new Set();
    this.written = new Set();
    this.count = 0;
    // A first synth (a fresh clone without dist/) has nothing to link: no read is tried for each file.
    this.previous = fs.existsSync(outdir);
  }

  write(relative, content) {
    const target = path.join(this.staging, relative);
    const dir = path.dirname(target);
    if (!this.made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    if (this.written.has(target)) {
      // Written twice: the first may be a link to the previous output, which writing through would change.
      fs.unlinkSync(target);
      this.count--;
    }
    this.written.add(target); // normalized by path.join: `./a.yaml` is `a.yaml`
    if (!this.previous || !this.linkUnchanged(relative, content, target)) fs.writeFileSync(target, content);
    this.count++;
  }

  linkUnchanged(relative, content, target) {
    const old = path.join(this.outdir, relative);
    try {
      if (fs.readFileSync(old, 'utf8') !== content) return false; // changed: written
      fs.linkSync(old, target);
      return true;
    } catch {
      return false; // new, unreadable, or a file system without links: written
    }
  }
}

// In the worker: batches of [relative path, content] pairs, then 'end'; the reply is { count } or { error }.
if (!isMainThread && workerData && workerData.berthFileSink) {
  const sink = new FileSink(workerData.outdir, workerData.staging);
  let failed = false;
  parentPort.on('message', (message) => {
    if (message === 'end') {
      if (!failed) parentPort.postMessage({ count: sink.count });
      parentPort.close();
      return;
    }
    if (failed) return;
    try {
      for (const [relative, content] of message) sink.write(relative, content);
    } catch (err) {
      failed = true;
      parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
    }
  });
}

module.exports = { FileSink };
