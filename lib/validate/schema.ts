import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { Finding, LoadedObject } from './manifests';
import { objectId } from './manifests';

/**
 * Strict schema validation against the vendored Kubernetes 1.28 definitions and the CRDs berth emits.
 * "Strict" means unknown fields are errors: the published schemas allow them, which is how a typo like
 * `readinesProbe` passes most validators and is silently dropped by the API server.
 */

const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schemas');
type JsonSchema = Record<string, unknown>;

/** Adds `additionalProperties: false` to every object schema that lists its properties. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps field names to schemas: recurse into each schema, never treat names as keywords.
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, closeObjects(v)])) : closeObjects(value);
  }
  const open = out['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && out.additionalProperties === undefined && !open) out.additionalProperties = false;
  return out;
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

const K8S_ID = 'https://schemas.berth.dev/k8s-v1.28.0.json';
const apiVersionOf = (g: Gvk) => (g.group ? `${g.group}/${g.version}` : g.version);

export class SchemaValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly refs = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    const k8s = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'k8s-v1.28.0-_definitions.json'), 'utf8'));
    const definitions = closeObjects(k8s.definitions) as Record<string, JsonSchema>;
    this.ajv.addSchema({ $id: K8S_ID, definitions });
    for (const [name, def] of Object.entries(definitions)) {
      for (const gvk of (def['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? []) {
        this.refs.set(`${apiVersionOf(gvk)}/${gvk.kind}`, `${K8S_ID}#/definitions/${name}`);
      }
    }
    const crdDir = path.join(SCHEMA_DIR, 'crds');
    for (const file of fs.readdirSync(crdDir).sort()) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(crdDir, file), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          const id = `https://schemas.berth.dev/crd/${crd.spec.group}/${version.name}/${crd.spec.names.kind}.json`;
          const schema = closeObjects(version.schema.openAPIV3Schema) as JsonSchema;
          // A CRD schema leaves metadata open; check it as the API server does, as ObjectMeta.
          const properties = { ...(schema.properties as JsonSchema), metadata: { $ref: `${K8S_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` } };
          this.ajv.addSchema({ ...schema, properties, $id: id });
          this.refs.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, id);
        }
      }
    }
  }

  /** Whether the validator has a schema for this apiVersion and kind. */
  knows(apiVersion: string, kind: string): boolean {
    return this.refs.has(`${apiVersion}/${kind}`);
  }

  validate(o: LoadedObject): Finding[] {
    const key = `${o.apiVersion}/${o.kind}`;
    const ref = this.refs.get(key);
    if (!ref) {
      return [{ file: o.file, object: objectId(o), field: 'apiVersion', message: `no schema for ${key}: not a Kubernetes 1.28 kind or a vendored CRD` }];
    }
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (validate(o.body)) return [];
    return dedupe(validate.errors ?? []).map((e) => ({ file: o.file, object: objectId(o), field: fieldOf(e), message: messageOf(e) }));
  }
}

function fieldOf(e: ErrorObject): string {
  const base =
    e.instancePath
      .split('/')
      .slice(1)
      .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
      .join('')
      .replace(/^\./, '') || '(root)';
  return e.keyword === 'additionalProperties' ? `${base === '(root)' ? '' : `${base}.`}${(e.params as { additionalProperty: string }).additionalProperty}` : base;
}

function messageOf(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return 'unknown field (not in the schema)';
  if (e.keyword === 'enum') return `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return e.message ?? e.keyword;
}

/** oneOf failures repeat each branch's error; keep one line per field and message. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${fieldOf(e)}|${messageOf(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
