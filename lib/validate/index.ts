import * as fs from 'fs';
import * as path from 'path';
import type { ManifestFile } from '../output';
import { type Finding, loadManifests, parseManifests, UnparsableFile } from './manifests';
import { checkPolicy } from './policy';
import { checkReferences } from './references';
import { checkRuntime } from './runtime';
import { SchemaValidator } from './schema';

export { formatFinding, isError, type Finding } from './manifests';

/** Schema, reference, policy and runtime checks over every manifest under `dir`. */
export function validateDirectory(dir: string, schema = new SchemaValidator()): Finding[] {
  let objects;
  try {
    objects = loadManifests(dir);
  } catch (err) {
    if (err instanceof UnparsableFile) return [{ file: err.file, object: '(file)', field: '(yaml)', message: `not valid YAML: ${err.reason}` }];
    throw err;
  }
  const clusterDir = findClusterDir(dir);
  const clusterObjects = clusterDir && !path.resolve(clusterDir).startsWith(path.resolve(dir)) ? loadManifests(clusterDir) : [];
  return [...objects.flatMap((o) => schema.validate(o)), ...checkReferences(objects, clusterObjects), ...checkPolicy(objects), ...checkRuntime(objects)];
}

/** The same checks over files synthesized in memory (a whole tree, cluster objects included), nothing written. */
export function validateFiles(files: readonly ManifestFile[], schema = new SchemaValidator()): Finding[] {
  const objects = files.filter((f) => /\.ya?ml$/.test(f.path)).flatMap((f) => parseManifests(f.content, f.path));
  return [...objects.flatMap((o) => schema.validate(o)), ...checkReferences(objects, []), ...checkPolicy(objects), ...checkRuntime(objects)];
}

/** `dist/cluster` holds the cluster-scoped objects (PriorityClasses) every system's pods rely on. */
function findClusterDir(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (let i = 0; i < 3; i++) {
    const candidate = path.join(current, 'cluster');
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
    current = path.dirname(current);
  }
  return undefined;
}
