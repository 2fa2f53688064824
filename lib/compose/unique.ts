/**
 * After every merge compose removes redefinitions from the lists whose items have an identity (compose-go
 * `override/uncity.go`): a later item with the same key replaces the earlier one in the earlier one's place.
 * `environment`, `labels`, `sysctls`... by `KEY`; `volumes` by target; `secrets` by target (default
 * `/run/secrets/<source>`); `configs` by target (default `/<source>`); `ports` by ip, published, target, protocol.
 */
import { child, goText, mapNode, seqNode, type MapNode, type Node } from './tree';
import { parseVolumeSpec } from './volume-spec';

type Indexer = (item: Node) => string | undefined;

const text = (n: Node | undefined): string | undefined => (n?.kind === 'scalar' && n.value !== null ? goText(n) : undefined);

const keyValue: Indexer = (item) => text(item)?.split('=')[0];

const volumeTarget: Indexer = (item) => {
  if (item.kind === 'map') return text(child(item, 'target'));
  const spec = text(item);
  if (spec === undefined) return undefined;
  const parsed = parseVolumeSpec(spec);
  return 'error' in parsed ? spec : parsed.target;
};

const deviceTarget: Indexer = (item) => {
  if (item.kind === 'map') return text(child(item, 'target'));
  const parts = text(item)?.split(':');
  return parts === undefined ? undefined : (parts[1] ?? parts[0]);
};

const mountTarget =
  (dir: string): Indexer =>
  (item) => {
    if (item.kind === 'map') return text(child(item, 'target')) ?? `${dir}/${text(child(item, 'source')) ?? ''}`;
    const name = text(item);
    return name === undefined ? undefined : `${dir}/${name}`;
  };

const envFile: Indexer = (item) => (item.kind === 'map' ? text(child(item, 'path')) : text(item));

const port: Indexer = (item) => {
  if (item.kind !== 'map') return text(item);
  const field = (k: string, d: string) => text(child(item, k)) ?? d;
  return `${field('host_ip', '0.0.0.0')}:${field('published', '')}:${field('target', '')}/${field('protocol', 'tcp')}`;
};

const SERVICE_LISTS: Readonly<Record<string, Indexer>> = {
  annotations: keyValue,
  cap_add: keyValue,
  cap_drop: keyValue,
  configs: mountTarget(''),
  devices: deviceTarget,
  dns: keyValue,
  dns_opt: keyValue,
  dns_search: keyValue,
  environment: keyValue,
  env_file: envFile,
  expose: text,
  labels: keyValue,
  links: keyValue,
  ports: port,
  profiles: keyValue,
  secrets: mountTarget('/run/secrets'),
  sysctls: keyValue,
  tmpfs: keyValue,
  volumes: volumeTarget,
};

const NESTED_LISTS: Readonly<Record<string, Readonly<Record<string, Indexer>>>> = {
  build: { args: keyValue, labels: keyValue, tags: keyValue, additional_contexts: keyValue },
  deploy: { labels: keyValue },
};

/** The project with every identified list free of redefinitions. */
export function enforceUnique(root: MapNode): MapNode {
  const services = child(root, 'services');
  if (services?.kind !== 'map') return root;
  const entries = new Map<string, Node>();
  for (const [name, svc] of services.entries) entries.set(name, svc.kind === 'map' ? uniqueService(svc) : svc);
  const out = new Map(root.entries);
  out.set('services', mapNode(entries, services.loc));
  return mapNode(out, root.loc);
}

function uniqueService(svc: MapNode): MapNode {
  const entries = new Map<string, Node>();
  for (const [key, value] of svc.entries) {
    const nested = NESTED_LISTS[key];
    if (value.kind === 'seq' && SERVICE_LISTS[key] !== undefined) entries.set(key, dedupe(value.items, SERVICE_LISTS[key], value));
    else if (value.kind === 'map' && nested !== undefined) entries.set(key, uniqueLists(value, nested));
    else if (value.kind === 'map' && key === 'networks') entries.set(key, uniqueAliases(value));
    else entries.set(key, value);
  }
  return mapNode(entries, svc.loc);
}

function uniqueLists(node: MapNode, indexers: Readonly<Record<string, Indexer>>): MapNode {
  const entries = new Map<string, Node>();
  for (const [key, value] of node.entries) entries.set(key, value.kind === 'seq' && indexers[key] !== undefined ? dedupe(value.items, indexers[key], value) : value);
  return mapNode(entries, node.loc);
}

function uniqueAliases(networks: MapNode): MapNode {
  const entries = new Map<string, Node>();
  for (const [key, value] of networks.entries) entries.set(key, value.kind === 'map' ? uniqueLists(value, { aliases: keyValue, link_local_ips: keyValue }) : value);
  return mapNode(entries, networks.loc);
}

function dedupe(items: readonly Node[], indexer: Indexer, list: Node): Node {
  const out: Node[] = [];
  const index = new Map<string, number>();
  for (const item of items) {
    const key = indexer(item);
    const at = key === undefined ? undefined : index.get(key);
    if (at !== undefined) out[at] = item;
    else {
      if (key !== undefined) index.set(key, out.length);
      out.push(item);
    }
  }
  return out.length === items.length ? list : seqNode(out, list.loc);
}
