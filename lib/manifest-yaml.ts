import type { ApiObject } from 'cdk8s';
import { IntOrString, Quantity } from '../imports/k8s';
import { WIRE } from '../imports/wire';
import { gvkOf, isPatched, metadataJson, plainRecord, propsTypeOf } from './manifest-json';
import { block, inline, keyScalar, toYaml, type Json } from './yaml-emit';

/** How a generated mapper maps a field (imports/wire.ts, WIRE_FORMS; scripts/linear-imports.js makes both). */
const enum Form {
  Plain,
  Object,
  Objects,
  Plains,
  Map,
  Value,
  Date,
  Values,
}

/** Thrown inside the walk when the props hold what only cdk8s's own path renders as it would. */
const UNUSUAL = Symbol('unusual');

type Fields = readonly (readonly [string, string, number, string?])[];

/** The top level of each props type: its fields and the object's apiVersion and kind, in wire-name order. */
const TOP = new Map<string, Fields>();
const GVK = -1;
function topFields(type: string): Fields | undefined {
  let fields = TOP.get(type);
  if (fields === undefined && WIRE[type] !== undefined) {
    const gvk: Fields = [
      ['apiVersion', 'apiVersion', GVK],
      ['kind', 'kind', GVK],
    ];
    fields = [...WIRE[type], ...gvk].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    TOP.set(type, fields);
  }
  return fields;
}

/** The manifest's identity, for grouping and for observers (see ChartRenderer). */
export interface ManifestHeader {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
}

/**
 * `toYaml(obj.toJson())`, byte for byte, written straight from the object's props: the generated mappers'
 * field tables (imports/wire.ts) give each field's wire name, its place in sorted order and how it maps, so
 * there is no wire-format copy of the object and no key sort per object. The synthesis of a large system spent
 * a third of its time building those copies, sorting their keys and collecting the garbage.
 *
 * Anything the tables do not describe as plain data (a null, a Lazy or token, an undefined list item, a class
 * but IntOrString and Quantity, a JSON patch, a class berth does not write) takes cdk8s's own `toJson`, so the
 * bytes never differ.
 */
export function manifestYaml(obj: ApiObject): { header: ManifestHeader; yaml: string } {
  const header = headerOf(obj);
  return { header, yaml: propsYaml(obj, header) ?? toYaml(obj.toJson()) };
}

const headerOf = (obj: ApiObject): ManifestHeader => ({ ...gvkOf(obj), metadata: metadataJson(obj) as ManifestHeader['metadata'] });

/**
 * The YAML of `obj` from its props (see `manifestYaml`), with `header`'s apiVersion, kind and metadata, or
 * undefined when only cdk8s's path renders it exactly.
 */
export function propsYaml(obj: ApiObject, header: ManifestHeader = headerOf(obj)): string | undefined {
  const type = propsTypeOf(obj);
  const fields = type === undefined ? undefined : topFields(type);
  if (fields === undefined || isPatched(obj)) return undefined;
  const props = (obj as unknown as { props: Record<string, unknown> }).props;
  const lines: string[] = [];
  try {
    fieldsYaml(fields, props, '', lines, header as unknown as Record<string, unknown>);
  } catch (err) {
    if (err === UNUSUAL) return undefined;
    throw err;
  }
  return `${lines.join('\n')}\n`;
}

/** An object of a generated type, as its mapper would give it and `block` would write it. */
function typedYaml(value: unknown, type: string, indent: string, lines: string[]): void {
  if (!plainRecord(value)) throw UNUSUAL;
  const fields = WIRE[type];
  if (fields === undefined) throw UNUSUAL;
  fieldsYaml(fields, value as Record<string, unknown>, indent, lines);
}

/** `top`: at a manifest's top level, the metadata, apiVersion and kind to write instead of the props'. */
function fieldsYaml(fields: Fields, record: Record<string, unknown>, indent: string, lines: string[], top?: Record<string, unknown>): void {
  const inner = `${indent}  `;
  for (const [wire, prop, form, child] of fields) {
    const raw = top !== undefined && (prop === 'metadata' || prop === 'apiVersion' || prop === 'kind') ? top[prop] : record[prop];
    if (raw === undefined) continue;
    if (raw === null) throw UNUSUAL; // cdk8s drops it; the mapper would keep it
    const sep = `${indent}${keyScalar(wire)}:`;
    switch (form) {
      case GVK:
      case Form.Plain:
        plainYaml(sep, raw, inner, lines);
        break;
      case Form.Object: {
        const at = lines.length;
        lines.push(sep);
        typedYaml(raw, child!, inner, lines);
        if (lines.length === at + 1) lines[at] = `${sep} {}`;
        break;
      }
      case Form.Objects: {
        if (!Array.isArray(raw)) throw UNUSUAL;
        if (raw.length === 0) {
          lines.push(`${sep} []`);
          break;
        }
        lines.push(sep);
        const itemIndent = `${inner}  `;
        for (const item of raw) {
          const first = lines.length;
          typedYaml(item, child!, itemIndent, lines);
          if (lines.length === first) lines.push(`${inner}- {}`);
          else lines[first] = `${inner}- ${lines[first].slice(itemIndent.length)}`;
        }
        break;
      }
      case Form.Plains:
        if (!Array.isArray(raw)) throw UNUSUAL;
        plainYaml(sep, raw, inner, lines);
        break;
      case Form.Map: {
        if (!plainRecord(raw)) throw UNUSUAL;
        // The mapper drops undefined values (and writes `{}` when none is left).
        let map = raw as Record<string, unknown>;
        const keys = Object.keys(map);
        if (keys.some((k) => map[k] === undefined)) map = Object.fromEntries(keys.filter((k) => map[k] !== undefined).map((k) => [k, map[k]]));
        plainYaml(sep, map, inner, lines);
        break;
      }
      case Form.Value: {
        const v = valueOf(raw);
        if (v !== undefined) lines.push(`${sep} ${inline(v, inner)}`);
        break;
      }
      case Form.Values: {
        if (!plainRecord(raw)) throw UNUSUAL;
        const mapped: Record<string, Json> = {};
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (v !== undefined) mapped[k] = valueOf(v) as Json;
        plainYaml(sep, mapped, inner, lines);
        break;
      }
      default: // Form.Date: berth writes no timestamps
        throw UNUSUAL;
    }
  }
}

/** `x?.value` of an IntOrString or Quantity, as the mapper takes it (undefined for a number or string). */
function valueOf(raw: unknown): string | number | undefined {
  if (typeof raw !== 'object') return undefined;
  if ((raw instanceof IntOrString || raw instanceof Quantity) && (typeof raw.value === 'number' || typeof raw.value === 'string')) return raw.value;
  throw UNUSUAL;
}

/** A value the mapper copies as it is: `block`'s own handling of a key and its value. */
function plainYaml(sep: string, value: unknown, inner: string, lines: string[]): void {
  if (!plainJson(value)) throw UNUSUAL;
  const simple = inline(value as Json, inner);
  if (simple !== undefined) lines.push(`${sep} ${simple}`);
  else {
    lines.push(sep);
    block(value as Json, inner, lines);
  }
}

/**
 * Data that cdk8s's resolve and sanitize leave as it is: no null, no undefined (in a list, or as a value, which
 * cdk8s would drop), no class instance.
 */
function plainJson(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!plainJson(item)) return false;
    return true;
  }
  if (!plainRecord(value)) return false;
  for (const key in value) if (!plainJson((value as Record<string, unknown>)[key])) return false;
  return true;
}
