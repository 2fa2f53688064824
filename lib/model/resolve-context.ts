import { type Dependencies, dependenciesIn, isDeployedIn } from './deployed';
import { registryOf } from './image-reference';
import { podVolumes } from './objects';
import { hostRewriter, kubeName, namespaceName, hostNamespaceName, pullSecretName } from './names';
import type { ResolvedEnvVar, ResolvedExternal } from './resolved';
import type { EnvValue, Environment, RegistryCredentials, System } from './types';
import { syncWaves } from './waves';

/** What every step of one environment's resolution shares, worked out once. */
export interface Context {
  readonly system: System;
  readonly environment: string;
  readonly env: Environment;
  readonly namespace: string;
  readonly hostNamespace: string;
  /** Compose names of the services deployed here, sorted. */
  readonly deployed: readonly string[];
  /** The same names, for lookups. */
  readonly isDeployed: (name: string) => boolean;
  readonly externals: ReadonlyMap<string, ResolvedExternal>;
  readonly resolveEnv: (vars: Readonly<Record<string, EnvValue>>) => ResolvedEnvVar[];
  /** What each deployed service waits for here, by compose name: worked out once for waves and gates. */
  readonly dependenciesOf: (name: string) => Dependencies;
  /** Compose names of the deployed services that mount a volume, indexed once. */
  readonly mountedBy: (volume: string) => readonly string[];
  readonly waves: ReadonlyMap<string, number>;
  /** Credentials of each private registry here: the system's, each replaced by the environment's. */
  readonly registries: Readonly<Record<string, RegistryCredentials>>;
  /** The pull Secrets of the registries `images` come from, sorted, once each. */
  readonly pullSecretsFor: (images: readonly string[]) => string[];
  readonly warnings: string[];
}

export function context(system: System, environment: string): Context {
  const env = system.environments[environment];
  if (!env) throw new Error(`system "${system.id}" has no environment "${environment}" (known: ${Object.keys(system.environments).join(', ')})`);
  const warnings: string[] = [];
  const composeNames = Object.keys(system.services).sort();
  const deployed = composeNames.filter((n) => isDeployedIn(system, n, environment));
  const deployedSet = new Set(deployed);
  for (const n of composeNames) if (!deployedSet.has(n)) warnings.push(`${system.id}/${environment}: service ${n} is not deployed here`);
  for (const a of system.assumptions ?? []) warnings.push(`${system.id}/${environment}: ${a.path}: assumed ${JSON.stringify(a.value)} (${a.because})`);
  const externals = new Map<string, ResolvedExternal>(
    Object.keys(system.externals ?? {})
      .sort()
      .map((name): [string, ResolvedExternal] => {
        const endpoint = env.externals![name];
        const at = 'host' in endpoint ? { host: endpoint.host, cidr: endpoint.cidr } : {};
        return [name, { name: kubeName(name), description: system.externals![name].description, port: endpoint.port, ...at }];
      }),
  );
  const mounters = new Map<string, string[]>();
  for (const name of deployed) {
    // A pod mounts a claim once, however many of its containers use it.
    for (const volume of podVolumes(system.services[name])) {
      const list = mounters.get(volume);
      if (list) list.push(name);
      else mounters.set(volume, [name]);
    }
  }
  const dependencies = new Map(deployed.map((name) => [name, dependenciesIn(system, name, environment)]));
  const namespace = namespaceName(system.id, environment, env.namespace);
  const registries = { ...system.registries, ...env.registries };
  return {
    system,
    environment,
    env,
    namespace,
    hostNamespace: hostNamespaceName(namespace),
    deployed,
    isDeployed: (name) => deployedSet.has(name),
    externals,
    resolveEnv: envResolver(hostRewriter(composeNames), externals),
    dependenciesOf: (name) => dependencies.get(name) ?? [],
    mountedBy: (volume) => mounters.get(volume) ?? [],
    waves: syncWaves(system, deployed, dependencies),
    registries,
    pullSecretsFor: (images) =>
      [
        ...new Set(
          images
            .map(registryOf)
            .filter((r) => r !== undefined && r in registries)
            .map((r) => pullSecretName(r!)),
        ),
      ].sort(),
    warnings,
  };
}

/** Env values: plain text with compose host names rewritten, credentials by reference, external fields filled in. */
function envResolver(rewriteHosts: (value: string) => string, externals: ReadonlyMap<string, ResolvedExternal>) {
  return (vars: Readonly<Record<string, EnvValue>>): ResolvedEnvVar[] =>
    Object.keys(vars)
      .sort()
      .map((name): ResolvedEnvVar => {
        const value = vars[name];
        if (typeof value === 'string') return { name, value: { kind: 'plain', value: rewriteHosts(value) } };
        if ('secret' in value) return { name, value: { kind: 'secret', secret: value.secret, key: value.key } };
        // Validation lets no `host` field through for an endpoint without one.
        return { name, value: { kind: 'plain', value: String(externals.get(value.external)![value.field]) } };
      });
}
