import { COMPOSE_HEALTHCHECK, DEFAULT_TIER, MAX_MEMORY_SHARE, ONE_SHOT, TERMINATION_GRACE_PERIOD_SECONDS } from '../model/defaults';
import type { ResolvedEnvValue, ResolvedService } from '../model/resolve';
import type { EnvValue, Resources, Service, System } from '../model/types';

/**
 * Where each value of a resolved service came from: the chart (`services.<name>`), the environment's override
 * (`environments.<env>.services.<name>`), the image catalog (a fact about a public image the chart takes from
 * it), a default berth settles (`lib/model/defaults.ts`, compose's own defaults), or berth's computation
 * from other values (`{{berth.maxmemory}}` from the memory limit).
 */
export type Source = 'chart' | 'environment' | 'catalog' | 'default' | 'computed';

export interface Provenance {
  readonly field: string;
  readonly value: string;
  readonly source: Source;
  /** What berth did to the value on the way (`host rewritten`). @default nothing: the value as declared */
  readonly note?: string;
  /** Where exactly: the chart path, or which default and why. */
  readonly where: string;
}

/** `chart, host rewritten: services.backend.env.X`: a row's source as the story prints it. */
export const sourceText = (r: Provenance) => `${r.source}${r.note ? `, ${r.note}` : ''}${r.where ? `: ${r.where}` : ''}`;

/**
 * What the image catalog says about an image, for the values a chart takes from it (`lib/images`): a value
 * that equals the catalog's is reported as coming from it. @default none: every value is the chart's
 */
export type CatalogLookup = (image: string) =>
  | {
      readonly uid?: number;
      readonly gid?: number;
      /** @default the gid */
      readonly fsGroup?: number;
      readonly writablePaths?: readonly string[];
      /** Settings the image needs under berth (`GF_LOG_MODE=console`). @default none */
      readonly env?: Readonly<Record<string, string>>;
    }
  | undefined;

const envText = (v: ResolvedEnvValue) => (v.kind === 'plain' ? JSON.stringify(v.value) : `secret ${v.secret}, key ${v.key}`);

/** The rows of one service, and the places a value may be set for it. */
class Rows {
  readonly out: Provenance[] = [];
  constructor(
    private readonly service: string,
    private readonly environment: string,
  ) {}

  add(field: string, value: unknown, source: Source, where: string, note?: string): void {
    this.out.push({ field, value: typeof value === 'string' ? value : JSON.stringify(value), source, where, ...(note ? { note } : {}) });
  }

  /** The override if the environment sets it, else the chart if it does, else the default. */
  pick(field: string, value: unknown, inOverride: boolean, inChart: boolean, byDefault: string, note?: string): void {
    if (inOverride) this.add(field, value, 'environment', `environments.${this.environment}.services.${this.service}.${field}`, note);
    else if (inChart) this.add(field, value, 'chart', `services.${this.service}.${field}`, note);
    else this.add(field, value, 'default', byDefault, note);
  }

  /**
   * One env variable: an external endpoint's field is the environment's (`environments.<env>.externals.<name>`);
   * a value equal to the catalog's setting for the image (`fromCatalog`) is the catalog's; a compose host name
   * in a value is rewritten to its Service name (`crunchbase_api` → `crunchbase-api`), which the row says.
   */
  env(name: string, value: string, declared: { readonly override?: EnvValue; readonly chart?: EnvValue; readonly catalog?: string }, fromCatalog: string): void {
    const { override, catalog } = declared;
    const given = override ?? declared.chart;
    if (given !== undefined && typeof given === 'object' && 'external' in given) {
      this.add(`env.${name}`, value, 'environment', `environments.${this.environment}.externals.${given.external}.${given.field}`);
    } else if (override === undefined && catalog !== undefined && given === catalog) {
      this.add(`env.${name}`, value, 'catalog', `${fromCatalog} (env ${name})`);
    } else {
      const rewritten = typeof given === 'string' && JSON.stringify(given) !== value ? `host rewritten from ${JSON.stringify(given)}` : undefined;
      this.pick(`env.${name}`, value, override !== undefined, true, '', rewritten);
    }
  }
}

const MAX_MEMORY = '{{berth.maxmemory}}';

/** Every value of `svc` that a chart author might ask about, with its source. */
export function provenance(system: System, environment: string, svc: ResolvedService, catalog: CatalogLookup = () => undefined): Provenance[] {
  const chart = system.services[svc.composeName];
  const override = system.environments[environment].services?.[svc.composeName] ?? {};
  const rows = new Rows(svc.composeName, environment);
  const known = catalog(svc.image);
  const fromCatalog = `the image catalog's entry for ${svc.image}`;
  rows.add('image', svc.image, 'chart', `services.${svc.composeName}.image`);
  commandRows(rows, svc, override, chart);
  rows.pick('entrypoint', svc.entrypoint ?? "the image's ENTRYPOINT", false, chart.entrypoint !== undefined, '');
  if (svc.kind === 'long-running') {
    if (svc.singleton) rows.add('replicas', svc.replicas, 'chart', `services.${svc.composeName}.singleton (singleton: exactly 1)`);
    else rows.pick('replicas', svc.replicas, override.replicas !== undefined, 'replicas' in chart && chart.replicas !== undefined, 'one copy unless set');
    if (svc.autoscaling) rows.pick('autoscaling', svc.autoscaling, override.autoscaling !== undefined, true, '');
  }
  resourceRows(rows, svc, override.resources, chart.resources);
  for (const e of svc.env) rows.env(e.name, envText(e.value), { override: override.env?.[e.name], chart: chart.env?.[e.name], catalog: known?.env?.[e.name] }, fromCatalog);
  const runAs = (field: 'uid' | 'gid' | 'fsGroup', value: number, inChart: boolean, byDefault: string) =>
    known?.[field] === value ? rows.add(`runAs.${field}`, value, 'catalog', fromCatalog) : rows.pick(`runAs.${field}`, value, false, inChart, byDefault);
  runAs('uid', svc.runAs.uid, true, '');
  runAs('gid', svc.runAs.gid, chart.runAs.gid !== undefined, 'the uid');
  runAs('fsGroup', svc.runAs.fsGroup, chart.runAs.fsGroup !== undefined, 'the gid');
  rows.pick('tier', svc.tier, false, chart.tier !== undefined, `${DEFAULT_TIER} unless set`);
  const grace = chart.longestTaskSeconds !== undefined ? `longestTaskSeconds + ${TERMINATION_GRACE_PERIOD_SECONDS} s` : `${TERMINATION_GRACE_PERIOD_SECONDS} s unless set`;
  rows.pick('terminationGracePeriodSeconds', svc.terminationGracePeriodSeconds, false, chart.terminationGracePeriodSeconds !== undefined, grace);
  checkRows(rows, svc, chart);
  return rows.out;
}

/**
 * compose `command` (the container's args), and the values berth fills into it: `{{berth.maxmemory}}` is a
 * share of the memory limit this environment resolves.
 */
function commandRows(rows: Rows, svc: ResolvedService, override: { readonly command?: readonly string[] }, chart: Service): void {
  const declared = override.command ?? chart.command;
  const computed = (declared ?? []).some((part) => part.includes(MAX_MEMORY));
  rows.pick('command', svc.args ?? "the image's CMD", override.command !== undefined, chart.command !== undefined, '', computed ? `${MAX_MEMORY} filled in` : undefined);
  if (!computed) return;
  const limit = svc.resources.memoryLimitMi;
  // As lib/model/resolve-container.ts fills it in.
  rows.add(
    MAX_MEMORY,
    `${Math.floor(limit * MAX_MEMORY_SHARE)}mb`,
    'computed',
    `${MAX_MEMORY_SHARE * 100} % of resources.memoryLimitMi (${limit}): the rest is room for the fork of a BGSAVE`,
  );
}

/** Requests and limits: the environment's resources replace the chart's as a whole. */
function resourceRows(rows: Rows, svc: ResolvedService, override: Resources | undefined, chart: Resources): void {
  const fromEnv = override !== undefined;
  const declared = override ?? chart;
  rows.pick('resources.cpu', svc.resources.cpu, fromEnv, true, '');
  rows.pick('resources.memoryMi', svc.resources.memoryMi, fromEnv, true, '');
  rows.pick('resources.memoryLimitMi', svc.resources.memoryLimitMi, fromEnv && declared.memoryLimitMi !== undefined, declared.memoryLimitMi !== undefined, 'the memory request');
  const noLimit = 'no CPU limit: throttling hurts latency more than it protects neighbours';
  rows.pick('resources.cpuLimit', svc.resources.cpuLimit ?? 'none', fromEnv && declared.cpuLimit !== undefined, declared.cpuLimit !== undefined, noLimit);
}

/** The health check's timings, and a Job's retries and deadline. */
function checkRows(rows: Rows, svc: ResolvedService, chart: Service): void {
  if (svc.healthCheck) {
    for (const field of ['intervalSeconds', 'timeoutSeconds', 'retries', 'startPeriodSeconds'] as const) {
      rows.pick(`healthCheck.${field}`, svc.healthCheck[field], false, chart.healthCheck?.[field] !== undefined, `compose's default ${COMPOSE_HEALTHCHECK[field]}`);
    }
  }
  const limits = svc.kind === 'one-shot' ? svc.oneShot : svc.kind === 'scheduled' ? svc.job : undefined;
  const declared = chart.kind === 'one-shot' ? chart.oneShot : chart.kind === 'scheduled' ? chart.job : undefined;
  for (const field of ['backoffLimit', 'activeDeadlineSeconds'] as const) {
    if (limits) rows.pick(`job.${field}`, limits[field], false, declared?.[field] !== undefined, `berth's ${ONE_SHOT[field]} unless set`);
  }
}
