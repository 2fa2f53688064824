import { Quantity } from '../../imports/k8s';

/** Cores → millicores (`0.25` → `250m`): exact, and the form kubectl prints back. */
export function cpu(cores: number): Quantity {
  return Quantity.fromString(`${Math.round(cores * 1000)}m`);
}

export function mebibytes(mi: number): Quantity {
  return Quantity.fromString(`${mi}Mi`);
}

export function gibibytes(gi: number): Quantity {
  return Quantity.fromString(`${gi}Gi`);
}
