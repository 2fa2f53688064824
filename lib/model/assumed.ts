import type { System } from './types';

/**
 * A value the importer could not know from a compose file (a UID, a volume size, a public host) and wrote
 * down as a guess, with why. In a chart it reads `assumed(1000, 'UID not documented')`. Synth warns about each
 * one, and refuses them in a production environment until someone decides: deleting `assumed(…)` around the
 * value is the decision.
 */
export class Assumed<T> {
  constructor(
    readonly value: T,
    readonly because: string,
  ) {}
}

export function assumed<T>(value: T, because: string): Assumed<T> {
  return new Assumed(value, because);
}

/** Where a chart leaves a value undecided: its path in the chart, the value it runs with, and why. */
export interface Assumption {
  readonly path: string;
  readonly value: unknown;
  readonly because: string;
}

/** A description in which any value may still be an assumption. */
export type Draft<T> = unknown extends T
  ? T // free-form values (a YAML config file) are taken as they are
  : Assumed<T> | (T extends string | number | boolean | null | undefined ? T : T extends readonly (infer U)[] ? readonly Draft<U>[] : { readonly [K in keyof T]: Draft<T[K]> });

/**
 * The system a draft describes, with every assumption listed in `assumptions` (chart paths, in the order the
 * chart writes them). An imported chart is `export const shop: System = draftSystem({ ... })`.
 */
export function draftSystem(draft: Draft<System>): System {
  const assumptions: Assumption[] = [];
  const system = settle(draft, '', assumptions) as System;
  return assumptions.length > 0 ? { ...system, assumptions } : system;
}

function settle(value: unknown, path: string, found: Assumption[]): unknown {
  if (value instanceof Assumed) {
    found.push({ path, value: value.value, because: value.because });
    return settle(value.value, path, []); // an assumed object is one decision, however deep
  }
  if (Array.isArray(value)) return value.map((v, i) => settle(v, `${path}[${i}]`, found));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, settle(v, path === '' ? k : `${path}.${k}`, found)]));
  }
  return value;
}
