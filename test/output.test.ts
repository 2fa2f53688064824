import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TreeWriter, writeTree, type ManifestFile } from '../lib/output';
import { fileTree } from './helpers';

// lib/output.ts's TreeWriter hands files to a worker thread (lib/file-sink.js) and swaps the tree in at commit.

/** Enough files, some large, that the writer sends several batches. */
const files = (version: string): ManifestFile[] =>
  Array.from({ length: 300 }, (_, i) => ({
    path: `sys/env${i % 3}/svc-${i}.yaml`,
    content: `name: svc-${i}\nversion: ${i % 7 === 0 ? version : 'same'}\n${'x'.repeat(i * 40)}\n`,
  }));

describe('TreeWriter', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-output-'));
    out = path.join(dir, 'dist');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = async (list: readonly ManifestFile[]) => {
    const writer = new TreeWriter(out);
    for (const f of list) writer.write(f);
    return writer.commit();
  };
  const expected = (list: readonly ManifestFile[]) => Object.fromEntries(list.map((f) => [f.path, f.content]));

  test('writes every file into a new directory, and replaces it exactly on the next run', async () => {
    expect(await write(files('1'))).toBe(300);
    expect(fileTree(out)).toEqual(expected(files('1')));
    const next = files('2').slice(0, 200); // changed, unchanged and removed files
    expect(await write(next)).toBe(200);
    expect(fileTree(out)).toEqual(expected(next));
    expect(fs.existsSync(`${out}.staging`) || fs.existsSync(`${out}.previous`)).toBe(false);
  });

  test('an unchanged file is linked from the previous output, a changed one written anew', async () => {
    await write(files('1'));
    const before = (p: string) => fs.statSync(path.join(out, p)).ino;
    const unchanged = 'sys/env1/svc-1.yaml';
    const changed = 'sys/env0/svc-0.yaml';
    const [inoUnchanged, inoChanged] = [before(unchanged), before(changed)];
    await write(files('2'));
    expect(before(unchanged)).toBe(inoUnchanged);
    expect(before(changed)).not.toBe(inoChanged);
    expect(fs.statSync(path.join(out, unchanged)).nlink).toBe(1); // the old tree is gone, nothing stays shared
  });

  test('files are written while the main thread is still busy (before commit)', async () => {
    const writer = new TreeWriter(out);
    for (const f of files('1')) writer.write(f); // ~1.8 MB: every batch but the last is handed over
    const first = path.join(`${out}.staging`, files('1')[0].path);
    const deadline = Date.now() + 10_000;
    while (!fs.existsSync(first) && Date.now() < deadline); // synchronous: this thread never yields
    expect(fs.existsSync(first)).toBe(true);
    expect(await writer.commit()).toBe(300);
  });

  test('abort leaves the previous output as it was, and nothing staged', async () => {
    await write(files('1'));
    const writer = new TreeWriter(out);
    for (const f of files('2')) writer.write(f);
    await writer.abort();
    expect(fileTree(out)).toEqual(expected(files('1')));
    expect(fs.existsSync(`${out}.staging`)).toBe(false);
  });

  test('a file that cannot be written fails the commit with its reason and keeps the previous output', async () => {
    await write(files('1'));
    const writer = new TreeWriter(out);
    for (const f of files('2')) writer.write(f);
    writer.write({ path: 'sys/env0/svc-0.yaml/inside-a-file.yaml', content: 'x' }); // a path under a file: ENOTDIR
    await expect(writer.commit()).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(fileTree(out)).toEqual(expected(files('1')));
    expect(fs.existsSync(`${out}.staging`)).toBe(false);
  });

  test('a commit with no files leaves an empty directory', async () => {
    expect(await write([])).toBe(0);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('an output directory named with a trailing slash is replaced, not staged inside itself', async () => {
    await write(files('1'));
    const writer = new TreeWriter(`${out}/`);
    for (const f of files('2')) writer.write(f);
    expect(await writer.commit()).toBe(300);
    expect(fileTree(out)).toEqual(expected(files('2')));
    expect(fs.readdirSync(dir).sort()).toEqual(['dist']);
  });

  test('a path written twice keeps the last content, and the previous output is never written through', async () => {
    await write(files('1'));
    const same = files('1')[1]; // unchanged, so hard-linked from the previous output first
    const writer = new TreeWriter(out);
    writer.write(same);
    writer.write({ path: same.path, content: 'changed\n'.repeat(40_000) }); // over a batch: both are sent
    await writer.abort();
    expect(fileTree(out)).toEqual(expected(files('1')));
    const again = new TreeWriter(out);
    for (const f of files('1')) again.write(f);
    again.write({ path: `./${same.path}`, content: 'changed\n' }); // the same path, spelt differently
    expect(await again.commit()).toBe(300);
    expect(fileTree(out)[same.path]).toBe('changed\n');
  });

  test('writeTree, on this thread, writes the same tree', () => {
    writeTree(out, files('1'));
    expect(fileTree(out)).toEqual(expected(files('1')));
  });
});
