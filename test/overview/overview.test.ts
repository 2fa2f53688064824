import { delivery, systems } from '../../charts';
import { priorityClassName } from '../../lib/model/names';
import { WORKLOAD_KIND } from '../../lib/model/objects';
import type { ResolvedSystem } from '../../lib/model/resolve';
import { NetworkPolicies } from '../../lib/network/policies';
import { diagramDot, externalDestinations, nodeId } from '../../lib/overview/diagram';
import { renderDiagrams } from '../../lib/overview/render';
import { resolveAll, synthesize } from '../../lib/synthesize';
import { envObjects, findNamed, loaded, mainContainer, podSpec, type Obj } from '../helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- dist/ objects as YAML gives them */

/** The tables of a Markdown text: title → rows of cells, unescaped. */
function tables(markdown: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const section of markdown.split(/^## /m).slice(1)) {
    const [title, ...lines] = section.split('\n');
    const rows = lines
      .filter((l) => l.startsWith('|'))
      .map((l) =>
        l
          .slice(2, -2)
          .split(/ (?<!\\)\| /)
          .map((c) => c.replace(/\\(.)/g, '$1')),
      );
    if (rows.length > 0) out.set(title, rows.slice(2));
  }
  return out;
}

const table = (t: Map<string, string[][]>, prefix: string) => [...t.entries()].find(([title]) => title.startsWith(prefix))?.[1] ?? [];

const synthesis = synthesize(systems, delivery);
const markdown = (s: ResolvedSystem) => synthesis.files.find((f) => f.path === `${s.id}/${s.environment}/OVERVIEW.md`)!.content;
const resolved = resolveAll(systems);

/** The edges of an SVG Graphviz drew, as `from->to` (node ids). */
function svgEdges(svg: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/&#45;/g, '-')
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"');
  return [...svg.matchAll(/<g id="edge\d+" class="edge">\s*<title>([^<]*)<\/title>/g)].map((m) => decode(m[1]));
}

describe.each(resolved.map((s) => [`${s.id}/${s.environment}`, s] as const))('%s OVERVIEW.md', (_, system) => {
  const objects = envObjects(system.id, system.environment);
  const t = tables(markdown(system));
  const workload = (name: string): Obj => findNamed(objects, WORKLOAD_KIND[system.services.find((s) => s.name === name)!.kind], name);

  test('the services table has every service, with the image, tier, wave and replicas the model resolves and dist/ deploys', () => {
    const rows = table(t, 'Services');
    expect(rows.map((r) => r[0])).toEqual(system.services.map((s) => s.name));
    for (const [name, kind, image, replicas, , , , tier, wave] of rows) {
      const svc = system.services.find((s) => s.name === name)!;
      const w = workload(name);
      expect(kind).toContain(w.kind);
      expect([image, mainContainer(w).image]).toEqual([svc.image, svc.image]);
      expect([tier, podSpec(w).priorityClassName]).toEqual([priorityClassName(svc.tier), priorityClassName(svc.tier)]);
      expect([wave, w.metadata.annotations['argocd.argoproj.io/sync-wave']]).toEqual([String(svc.wave), String(svc.wave)]);
      if (w.kind === 'Deployment' && w.spec.replicas !== undefined) expect(replicas.split(' ')[0]).toBe(String(w.spec.replicas));
    }
  });

  test('the probes and gates table gives the timings of the probes dist/ deploys and every gate', () => {
    for (const [name, readiness, , , gates] of table(t, 'Probes and gates')) {
      const probe = mainContainer(workload(name)).readinessProbe;
      if (probe) expect(readiness).toContain(`every ${probe.periodSeconds}s, timeout ${probe.timeoutSeconds}s, ${probe.failureThreshold} failures`);
      else expect(readiness).toBe('—');
      const svc = system.services.find((s) => s.name === name)!;
      for (const dep of svc.dependsOn) expect(gates).toContain(`${dep.service} ${dep.check ? dep.condition.replace('service_', '') : 'completed'}`);
      if (svc.dependsOn.length === 0) expect(gates).toBe('—');
    }
  });

  test('the volumes table has every claim with the size, access mode, backup priority and protection of dist/', () => {
    const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    const rows = table(t, 'Volumes');
    expect(rows.map((r) => r[0]).sort()).toEqual(claims.map((c) => c.metadata.name).sort());
    for (const [name, size, mode, , backup, protection] of rows) {
      const claim = claims.find((c) => c.metadata.name === name)!;
      expect([size, mode, backup.toLowerCase()]).toEqual([claim.spec.resources.requests.storage, claim.spec.accessModes[0], claim.metadata.labels['backup.berth.dev/priority']]);
      expect(protection.startsWith('kept')).toBe((claim.metadata.annotations['argocd.argoproj.io/sync-options'] ?? '').includes('Prune=false'));
    }
  });

  test('the routes table has every Ingress path of dist/ with its backend, timeouts and body limit', () => {
    const rows = table(t, 'Routes');
    const ingresses = objects.filter((o) => o.kind === 'Ingress');
    const paths = ingresses.flatMap((ing) =>
      ing.spec.rules.flatMap((r: any) =>
        r.http.paths.map((p: any) => ({ host: r.host, path: p.path, backend: `${p.backend.service.name}:${p.backend.service.port.number}`, a: ing.metadata.annotations })),
      ),
    );
    expect(rows).toHaveLength(paths.length);
    for (const p of paths) {
      const row = rows.find((r) => r[0] === p.host && r[1].startsWith(`${p.path} (`))!;
      const nginx = (k: string) => p.a[`nginx.ingress.kubernetes.io/${k}`];
      expect([row[2], row[4], row[5]]).toEqual([p.backend, `${nginx('proxy-read-timeout')}s / ${nginx('proxy-send-timeout')}s`, `${nginx('proxy-body-size').replace('m', 'Mi')}`]);
    }
  });

  test('the external dependencies table has every endpoint the environment uses', () => {
    expect(table(t, 'External dependencies').map((r) => [r[0], r[2]])).toEqual(system.externals.map((e) => [e.name, `${e.host ?? 'any host'}:${e.port}`]));
  });

  test('the Mermaid graph has a node for every service and an arrow for every start-up gate', () => {
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(markdown(system))![1];
    for (const s of system.services) {
      expect(mermaid).toContain(`s_${s.name.replace(/-/g, '_')}`);
      const id = (name: string) => `s_${name.replace(/-/g, '_')}`;
      for (const d of s.dependsOn) expect(mermaid).toContain(`${id(s.name)} -->|${d.condition.replace('service_', '').replace('_successfully', '')}| ${id(d.service)}`);
    }
  });
});

describe('OVERVIEW.svg', () => {
  let rendered: Map<string, string>;
  beforeAll(async () => {
    rendered = new Map((await renderDiagrams(synthesis.diagrams)).map((f) => [f.path, f.content]));
  });

  test.each(resolved.map((s) => [`${s.id}/${s.environment}`, s] as const))('%s: its edges are the paths the NetworkPolicies of dist/ allow', (_, system) => {
    const objects = loaded(envObjects(system.id, system.environment));
    const edges = svgEdges(rendered.get(`${system.id}/${system.environment}/OVERVIEW.svg`)!);
    const network = edges.filter((e) => !e.includes(nodeId.claim('')));
    const between = new NetworkPolicies(objects).podPaths().map((p) => `${nodeId.workload(p.from.name)}->${nodeId.workload(p.to.name)}`);
    const routes = system.routes.flatMap((r) => r.paths.map((p) => `${nodeId.route(r.host)}->${nodeId.workload(p.service)}`));
    const outside = externalDestinations(system).flatMap((d) =>
      system.services.filter((s) => s.externals.some((e) => d.externals.includes(e))).map((s) => `${nodeId.workload(s.name)}->${nodeId.external(d.key)}`),
    );
    expect(new Set(network)).toEqual(new Set([...between, ...routes, ...outside]));
    expect(network).toHaveLength(new Set(network).size);
    const mounts = system.volumes.flatMap((v) => v.consumers.map((c) => `${nodeId.workload(c)}->${nodeId.claim(v.name)}`));
    expect(edges.filter((e) => e.includes(nodeId.claim(''))).sort()).toEqual(mounts.sort());
  });

  test('carries no Graphviz version, and says which source it was rendered from', () => {
    for (const svg of rendered.values()) {
      expect(svg).not.toMatch(/graphviz version/i);
      expect(svg).toMatch(/<!-- berth: rendered from source sha256:[0-9a-f]{64} -->/);
    }
  });
});

describe('the diagram is drawn from the NetworkPolicies, not from the chart', () => {
  const system = resolved.find((s) => s.id === 'marketnavigator' && s.environment === 'prod')!;
  const objects = loaded(envObjects(system.id, system.environment));
  const edge = `"${nodeId.workload('backend')}" -> "${nodeId.workload('redis')}"`;

  test('a path the chart documents but the policies do not allow is not drawn', () => {
    expect(diagramDot(system, objects)).toContain(edge);
    const withoutRedis = objects.map((o) =>
      o.kind === 'NetworkPolicy' && o.name === 'backend'
        ? {
            ...o,
            body: { ...o.body, spec: { ...o.body.spec, egress: o.body.spec.egress.filter((r: any) => r.to[0].podSelector?.matchLabels?.['app.kubernetes.io/name'] !== 'redis') } },
          }
        : o,
    );
    expect(diagramDot(system, withoutRedis)).not.toContain(edge);
  });

  test('a path the policies open beyond the chart is drawn', () => {
    const edgeIn = `"${nodeId.workload('flower')}" -> "${nodeId.workload('minio')}"`;
    expect(diagramDot(system, objects)).not.toContain(edgeIn);
    const open = (name: string, direction: 'ingress' | 'egress') => ({
      file: 'planted.yaml',
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      name,
      namespace: system.namespace,
      body: { spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': name } }, policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'], [direction]: [{}] } },
    });
    expect(diagramDot(system, [...objects, open('flower', 'egress'), open('minio', 'ingress')])).toContain(edgeIn);
  });
});
