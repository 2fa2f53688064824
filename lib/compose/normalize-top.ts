/**
 * Top-level `volumes`, `networks`, `secrets`, `configs`. An entry may be empty (`db_data:`). compose adds the
 * implicit `default` network when a service uses it; a secret or config that is not external needs `file` or
 * `environment` (or `content` for a config).
 */
import { asBoolean, asString, compact, isRecord, sortedRecord, type NormalizeContext, type Plain } from './context';
import { stringMap } from './normalize-maps';
import { absolute } from './paths';
import type { ComposeFileObject, ComposeNetwork, ComposeVolume } from './types';

function entries(value: unknown): [string, Plain][] {
  return isRecord(value) ? Object.entries(value).map(([k, v]) => [k, isRecord(v) ? v : {}]) : [];
}

/** `external: true`, or the legacy `external: {name: x}` (its name wins). */
function external(v: Plain): { external: boolean; name?: string } {
  if (isRecord(v.external)) return compact({ external: true, name: asString(v.external.name) ?? asString(v.name) });
  return compact({ external: asBoolean(v.external) ?? false, name: asString(v.name) });
}

export function topVolumes(value: unknown, ctx: NormalizeContext): Record<string, ComposeVolume> {
  return sortedRecord(
    entries(value).map(([key, v]) => {
      const driverOpts = isRecord(v.driver_opts) ? stringMap(v.driver_opts, `volumes.${key}.driver_opts`, ctx) : undefined;
      return [key, compact({ ...external(v), driver: asString(v.driver), driverOpts, labels: stringMap(v.labels, `volumes.${key}.labels`, ctx) })] as const;
    }),
  );
}

export function topNetworks(value: unknown, usesDefault: boolean): Record<string, ComposeNetwork> {
  const out: (readonly [string, ComposeNetwork])[] = entries(value).map(([key, v]) => [
    key,
    compact({ ...external(v), driver: asString(v.driver), internal: asBoolean(v.internal) ?? false }),
  ]);
  if (usesDefault && !out.some(([k]) => k === 'default')) out.push(['default', { external: false, internal: false }]);
  return sortedRecord(out);
}

export function topFileObjects(kind: 'secrets' | 'configs', value: unknown, ctx: NormalizeContext): Record<string, ComposeFileObject> {
  return sortedRecord(
    entries(value).map(([key, v]) => {
      const file = asString(v.file);
      const object: ComposeFileObject = compact({
        ...external(v),
        file: file === undefined ? undefined : absolute(ctx.projectDir, file),
        environment: asString(v.environment),
        content: asString(v.content),
      });
      if (!object.external && object.file === undefined && object.environment === undefined && object.content === undefined) {
        const what = kind === 'secrets' ? 'file or environment' : 'file, environment or content';
        ctx.error(`${kind}.${key}`, `${kind === 'secrets' ? 'secret' : 'config'} ${key} has no ${what}`, `add file: ./${key}.txt, or external: true`);
      }
      return [key, object] as const;
    }),
  );
}
