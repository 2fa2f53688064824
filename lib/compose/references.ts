/**
 * What compose checks once the model is complete (compose-go `loader/validate.go` `checkConsistency`), for the
 * active services: every service, volume, network, secret, config and required env file a service names exists; `network_mode` and
 * `networks` are not both set; `depends_on` has no cycle; a service has an image or a build.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { NormalizeContext } from './context';
import type { ComposeProject, ComposeService } from './types';

type Model = Pick<ComposeProject, 'services' | 'volumes' | 'networks' | 'secrets' | 'configs'>;

function known(names: Iterable<string>): string {
  const list = [...names].sort();
  return list.length === 0 ? 'none is declared' : `known: ${list.join(', ')}`;
}

function serviceRefs(s: ComposeService, model: Model, ctx: NormalizeContext): void {
  const svc = `services.${s.name}`;
  const services = Object.keys(model.services);
  const reported = new Set<string>();
  const unknownService = (path: string, what: string, target: string, fix: string) => {
    if (model.services[target] !== undefined || reported.has(target)) return;
    reported.add(target);
    ctx.error(path, `${what} unknown service '${target}'`, `${fix} (${known(services)})`);
  };
  s.links.forEach((l, i) => unknownService(`${svc}.links[${i}]`, 'links to', l, 'fix the name'));
  if (s.networkMode?.startsWith('service:')) unknownService(`${svc}.network_mode`, 'shares the network of', s.networkMode.slice(8), 'fix the name');
  s.volumesFrom.forEach((v, i) => {
    if (!v.startsWith('container:')) unknownService(`${svc}.volumes_from[${i}]`, 'takes volumes from', v.split(':')[0], 'fix the name');
  });
  // Links, network_mode and volumes_from add dependencies (normalize-service.ts): each unknown name is reported once.
  // A required dependency is active (profiles.ts activates it); an optional one may stay inactive.
  for (const dep of Object.keys(s.dependsOn)) unknownService(`${svc}.depends_on.${dep}`, 'depends on', dep, 'fix the name or remove the dependency');
  if (s.networkMode !== undefined && Object.keys(s.networks).length > 0) {
    ctx.error(`${svc}.network_mode`, 'network_mode and networks cannot both be set', 'remove one of them');
  }
  if (s.image === undefined && s.build === undefined) ctx.error(svc, `service ${s.name} has neither an image nor a build`, 'add image: or build:');
}

function resourceRefs(s: ComposeService, model: Model, ctx: NormalizeContext): void {
  const svc = `services.${s.name}`;
  s.envFiles.forEach((f, i) => {
    if (f.required && !existsSync(f.path))
      ctx.error(`${svc}.env_file[${i}]`, `env file ${relative(ctx.projectDir, f.path)} not found (looked for ${f.path})`, 'create it, fix the path, or mark it required: false');
  });
  s.mounts.forEach((m, i) => {
    if (m.type === 'volume' && model.volumes[m.source] === undefined) {
      ctx.error(
        `${svc}.mounts[${i}]`,
        `uses volume '${m.source}', which is not declared`,
        `declare it under the top-level volumes: (${m.source}:), or write ./${m.source} for a host directory`,
      );
    }
  });
  for (const n of Object.keys(s.networks)) {
    if (model.networks[n] === undefined)
      ctx.error(`${svc}.networks.${n}`, `uses network '${n}', which is not declared`, `declare it under the top-level networks: (${known(Object.keys(model.networks))})`);
  }
  s.secrets.forEach((r, i) => {
    if (model.secrets[r.source] === undefined)
      ctx.error(`${svc}.secrets[${i}]`, `uses secret '${r.source}', which is not declared`, `declare it under the top-level secrets: (${known(Object.keys(model.secrets))})`);
  });
  s.configs.forEach((r, i) => {
    if (model.configs[r.source] === undefined)
      ctx.error(`${svc}.configs[${i}]`, `uses config '${r.source}', which is not declared`, `declare it under the top-level configs: (${known(Object.keys(model.configs))})`);
  });
}

/** A `depends_on` cycle among active services, reported once at the first service on it. */
function cycles(model: Model, ctx: NormalizeContext): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      ctx.error(`services.${name}.depends_on`, `dependency cycle: ${cycle.join(' → ')}`, 'remove one of these dependencies');
      return;
    }
    state.set(name, 'visiting');
    for (const dep of Object.keys(model.services[name]?.dependsOn ?? {})) if (model.services[dep]?.active) visit(dep, [...stack, name]);
    state.set(name, 'done');
  };
  for (const s of Object.values(model.services)) if (s.active) visit(s.name, []);
}

export function checkReferences(model: Model, ctx: NormalizeContext): void {
  for (const s of Object.values(model.services)) {
    if (!s.active) continue;
    serviceRefs(s, model, ctx);
    resourceRefs(s, model, ctx);
  }
  cycles(model, ctx);
}
