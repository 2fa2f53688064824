import type { Exemption } from '../model/types';

/** The annotation that carries a workload's policy exemptions, each with its written reason. */
export const EXEMPT_ANNOTATION = 'policy.berth.dev/exempt';

export function exemptionAnnotation(exemptions: readonly Exemption[]): Record<string, string> {
  if (exemptions.length === 0) return {};
  return { [EXEMPT_ANNOTATION]: exemptions.map((e) => `${e.check}: ${e.reason}`).join('; ') };
}

/** The checks an object's exemption annotation names. */
export function exemptChecks(annotations: Record<string, string> | undefined): Set<string> {
  const value = annotations?.[EXEMPT_ANNOTATION];
  if (!value) return new Set();
  return new Set(value.split('; ').map((part) => part.slice(0, part.indexOf(':'))));
}
