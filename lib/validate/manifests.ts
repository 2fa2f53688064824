import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object read back from `dist/`, with the file it came from. */
export interface LoadedObject {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** One problem found in the output: file, object and field, then what is wrong. */
export interface Finding {
  readonly file: string;
  readonly object: string;
  readonly field: string;
  readonly message: string;
  /** A warning is printed but does not fail `npm run validate`. @default 'error' */
  readonly severity?: 'error' | 'warning';
}

export function formatFinding(f: Finding): string {
  return `${f.file}: ${f.object}: ${f.field}: ${f.message}`;
}

export function isError(f: Finding): boolean {
  return (f.severity ?? 'error') === 'error';
}

export function objectId(o: { kind: string; name: string }): string {
  return `${o.kind}/${o.name}`;
}

/** A file that is not valid YAML: reported as a finding, never a crash. */
export class UnparsableFile extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: not valid YAML: ${reason}`);
  }
}

/** Every YAML document under `dir`, recursively, in path order. Throws UnparsableFile for broken YAML. */
export function loadManifests(dir: string): LoadedObject[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files.flatMap((file) => parseManifests(fs.readFileSync(file, 'utf8'), file));
}

/** The objects of one multi-document YAML text, as if read from `file`. Throws UnparsableFile for broken YAML. */
export function parseManifests(text: string, file: string): LoadedObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new UnparsableFile(file, doc.errors[0].message.split('\n')[0]);
      return doc.toJS();
    })
    .filter((body) => body !== null && body !== undefined)
    .map((body) => ({
      file,
      apiVersion: body.apiVersion,
      kind: body.kind,
      name: body.metadata?.name,
      namespace: body.metadata?.namespace,
      body,
    }));
}
