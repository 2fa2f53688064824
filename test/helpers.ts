import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { delivery, systems } from '../charts';
import type { System } from '../lib/model/types';
import { InvalidDescriptionError, resolveAll, synthesize } from '../lib/synthesize';
import type { LoadedObject } from '../lib/validate/manifests';

/** A synthesized object, parsed back from the YAML berth writes, with its output path. */
export interface Obj {
  path: string;
  kind: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  metadata: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

const cache = new Map<readonly System[], Obj[]>();

/** Every object of a synthesis (default: the real charts), from the YAML text, so tests see what Argo CD sees. */
export function synthObjects(input: readonly System[] = systems): Obj[] {
  let objects = cache.get(input);
  if (!objects) {
    objects = synthesize(input, delivery)
      .files.filter((f) => f.path.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(f.content).map((doc) => ({ path: f.path, ...doc.toJS() })));
    cache.set(input, objects);
  }
  return objects;
}

/** The objects of one `dist/<system>/<env>` directory. */
export function envObjects(system: string, env: string, input?: readonly System[]): Obj[] {
  return synthObjects(input).filter((o) => o.path.startsWith(`${system}/${env}/`));
}

/** An object as `npm run validate` loads it (`LoadedObject`): the manifest alone, without the test's `path`. */
export function loadedObject({ path: file, ...body }: Obj): LoadedObject {
  return { file, apiVersion: body.apiVersion, kind: body.kind, name: body.metadata?.name, namespace: body.metadata?.namespace, body };
}

/** Objects as `npm run validate` loads them, for the code that reads dist/. */
export function loaded(objects: readonly Obj[]): LoadedObject[] {
  return objects.map(loadedObject);
}

/** The problems of a description, as `path: message` lines: the description-level ones, or else those of its resolved environments, as synth reports them. */
export function problems(s: System): string[] {
  try {
    resolveAll([s]);
    return [];
  } catch (err) {
    if (!(err instanceof InvalidDescriptionError)) throw err;
    return err.errors.flatMap((e) => e.problems.map((p) => `${p.path}: ${p.message}`));
  }
}

export function findObject(objects: readonly Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** An object by kind and `app.kubernetes.io/name`: finds a Job named after its spec hash by its service name. */
export function findNamed(objects: readonly Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.labels?.['app.kubernetes.io/name'] === name);
  if (!found) throw new Error(`no ${kind} for ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

export function podSpec(o: Obj) {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

export function mainContainer(o: Obj) {
  return podSpec(o).containers[0];
}

/** A container env var: its literal value, or where it comes from. */
export function envVar(container: { env?: { name: string; value?: string; valueFrom?: unknown }[] }, name: string) {
  return container.env?.find((e) => e.name === name);
}

/** The value a ConfigMap-backed env var resolves to. */
export function configValue(objects: readonly Obj[], workload: Obj, name: string): string | undefined {
  const ref = envVar(mainContainer(workload), name)?.valueFrom as { configMapKeyRef?: { name: string; key: string } } | undefined;
  if (!ref?.configMapKeyRef) return undefined;
  return findObject(objects, 'ConfigMap', ref.configMapKeyRef.name).data[ref.configMapKeyRef.key];
}

/** Every file under `dir`, by its path relative to `dir`, with its content. */
export function fileTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}
