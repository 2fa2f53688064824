import { COMPOSE_HEALTHCHECK, DEFAULT_TIER, ONE_SHOT, TERMINATION_GRACE_PERIOD_SECONDS } from '../model/defaults';
import type { ResolvedEnvValue, ResolvedService } from '../model/resolve';
import type { Resources, Service, System } from '../model/types';

/**
 * Where each value of a resolved service came from: the chart (`services.<name>`), the environment's override
 * (`environments.<env>.services.<name>`), the image catalog (a fact about a public image the chart takes from
 * it), or a default berth settles (`lib/model/defaults.ts`, compose's own defaults).
 */
export type Source = 'chart' | 'environment' | 'catalog' | 'default';

export interface Provenance {
  readonly field: string;
  readonly value: string;
  readonly source: Source;
  /** Where exactly: the chart path, or which default and why. */
  readonly where: string;
}

/**
 * What the image catalog says about an image, for the values a chart takes from it (`lib/images`): a value
 * that equals the catalog's is reported as coming from it. @default none: every value is the chart's
 */
export type CatalogLookup = (image: string) => { readonly uid?: number; readonly gid?: number; readonly writablePaths?: readonly string[] } | undefined;

const envText = (v: ResolvedEnvValue) => (v.kind === 'plain' ? JSON.stringify(v.value) : `secret ${v.secret}, key ${v.key}`);

/** The rows of one service, and the places a value may be set for it. */
class Rows {
  readonly out: Provenance[] = [];
  constructor(
    private readonly service: string,
    private readonly environment: string,
  ) {}

  add(field: string, value: unknown, source: Source, where: string): void {
    this.out.push({ field, value: typeof value === 'string' ? value : JSON.stringify(value), source, where });
  }

  /** The override if the environment sets it, else the chart if it does, else the default. */
  pick(field: string, value: unknown, inOverride: boolean, inChart: boolean, byDefault: string): void {
    if (inOverride) this.add(field, value, 'environment', `environments.${this.environment}.services.${this.service}.${field}`);
    else if (inChart) this.add(field, value, 'chart', `services.${this.service}.${field}`);
    else this.add(field, value, 'default', byDefault);
  }
}

/** Every value of `svc` that a chart author might ask about, with its source. */
export function provenance(system: System, environment: string, svc: ResolvedService, catalog: CatalogLookup = () => undefined): Provenance[] {
  const chart = system.services[svc.composeName];
  const override = system.environments[environment].services?.[svc.composeName] ?? {};
  const rows = new Rows(svc.composeName, environment);
  rows.add('image', svc.image, 'chart', `services.${svc.composeName}.image`);
  rows.pick('command', svc.args ?? "the image's CMD", override.command !== undefined, chart.command !== undefined, '');
  rows.pick('entrypoint', svc.entrypoint ?? "the image's ENTRYPOINT", false, chart.entrypoint !== undefined, '');
  if (svc.kind === 'long-running') {
    rows.pick('replicas', svc.replicas, override.replicas !== undefined, 'replicas' in chart && chart.replicas !== undefined, 'one copy unless set');
    if (svc.autoscaling) rows.pick('autoscaling', svc.autoscaling, override.autoscaling !== undefined, true, '');
  }
  resourceRows(rows, svc, override.resources, chart.resources);
  for (const e of svc.env) {
    const declared = override.env?.[e.name] ?? chart.env?.[e.name];
    // A value taken from an external endpoint is the environment's: environments.<env>.externals.<name>.<field>.
    if (declared !== undefined && typeof declared === 'object' && 'external' in declared) {
      rows.add(`env.${e.name}`, envText(e.value), 'environment', `environments.${environment}.externals.${declared.external}.${declared.field}`);
    } else rows.pick(`env.${e.name}`, envText(e.value), override.env?.[e.name] !== undefined, true, '');
  }
  const known = catalog(svc.image);
  const runAs = (field: 'uid' | 'gid', value: number, inChart: boolean, byDefault: string) =>
    known?.[field] === value
      ? rows.add(`runAs.${field}`, value, 'catalog', `the image catalog's entry for ${svc.image}`)
      : rows.pick(`runAs.${field}`, value, false, inChart, byDefault);
  runAs('uid', svc.runAs.uid, true, '');
  runAs('gid', svc.runAs.gid, chart.runAs.gid !== undefined, 'the uid');
  rows.pick('runAs.fsGroup', svc.runAs.fsGroup, false, chart.runAs.fsGroup !== undefined, 'the gid');
  rows.pick('tier', svc.tier, false, chart.tier !== undefined, `${DEFAULT_TIER} unless set`);
  const grace = chart.longestTaskSeconds !== undefined ? `longestTaskSeconds + ${TERMINATION_GRACE_PERIOD_SECONDS} s` : `${TERMINATION_GRACE_PERIOD_SECONDS} s unless set`;
  rows.pick('terminationGracePeriodSeconds', svc.terminationGracePeriodSeconds, false, chart.terminationGracePeriodSeconds !== undefined, grace);
  checkRows(rows, svc, chart);
  return rows.out;
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
