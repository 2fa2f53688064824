import type { HealthCheckTest, RunAs } from '../model/service-types';
import { findImage, type ResolvedImage } from './find';
import { parseImage } from './ref';

/**
 * Facts that a chart relies on the catalog for. Each throws a clear error when the catalog lacks the fact, so a
 * chart that names an image the catalog does not describe fails at synth, never with a silently missing field.
 */

/** `findImage` for references that must be in the catalog (the charts' own images). */
export function requireImage(ref: string): ResolvedImage {
  const found = findImage(ref);
  if (!found) throw new Error(`image ${JSON.stringify(ref)} is not in the image catalog (lib/images): add an entry for ${JSON.stringify(parseImage(ref).name)}`);
  return found;
}

/** The image's documented health check and where it is documented. */
export function healthCheckOf(image: ResolvedImage): { readonly test: HealthCheckTest; readonly source: string } {
  if (!image.healthCheck) throw new Error(`the image catalog gives ${image.ref.name} no health check`);
  return image.healthCheck;
}

/** The image's health check as an HTTP GET, for a chart that serves it under a path prefix. */
export function httpCheckOf(image: ResolvedImage): { readonly test: Extract<HealthCheckTest, { kind: 'http' }>; readonly source: string } {
  const { test, source } = healthCheckOf(image);
  if (test.kind !== 'http') throw new Error(`the image catalog's health check of ${image.ref.name} is ${test.kind}, not HTTP`);
  return { test, source };
}

/** The image's health check as a shell script, for a chart that appends arguments (the compose check's). */
export function shellCheckOf(image: ResolvedImage): string {
  const test = healthCheckOf(image).test;
  if (test.kind !== 'shell') throw new Error(`the image catalog's health check of ${image.ref.name} is ${test.kind}, not a shell script`);
  return test.script;
}

/** The image's remote check as its client image and `sh -c` script, for a chart that appends arguments. */
export function remoteScriptOf(image: ResolvedImage): { readonly image: string; readonly script: string } {
  const check = image.remoteCheck;
  if (!check || check.command.length !== 3 || check.command[0] !== 'sh' || check.command[1] !== '-c') {
    throw new Error(`the image catalog gives ${image.ref.name} no \`sh -c\` remote check`);
  }
  return { image: check.image, script: check.command[2] };
}

/** The container port the image listens on under this name. */
export function portOf(image: ResolvedImage, name: string): number {
  const port = image.ports.find((p) => p.name === name);
  if (!port) throw new Error(`the image catalog gives ${image.ref.name} no port named ${JSON.stringify(name)}`);
  return port.port;
}

/** Where the image keeps its data. */
export function dataDirectoryOf(image: ResolvedImage): string {
  if (image.dataDirectory === undefined) throw new Error(`the image catalog gives ${image.ref.name} no data directory`);
  return image.dataDirectory;
}

/**
 * The model's `runAs` for an image: the catalog's user and writable paths, plus the data directory when no volume
 * is mounted there (a cache whose data may go with the pod).
 */
export function runAsOf(image: ResolvedImage, options: { readonly dataOnVolume?: boolean } = {}): RunAs {
  const { uid, gid, fsGroup } = image.user;
  const data = options.dataOnVolume === false ? [dataDirectoryOf(image)] : [];
  return { uid, gid, ...(fsGroup === undefined ? {} : { fsGroup }), writablePaths: [...image.writablePaths, ...data] };
}
