/**
 * `readCompose`: compose files → `ComposeProject`, the way `docker compose config` reads them (see `types.ts`).
 * Pipeline: variables (`environment.ts`) → each file parsed, interpolated, extended, validated and merged
 * (`model.ts`) → every service normalized (`normalize-*.ts`) → profiles (`profiles.ts`) → references
 * (`references.ts`). Every problem is collected; if any is an error, one `ComposeError` carries them all.
 */
import { dirname, resolve } from 'node:path';
import { asString, isRecord, sortedRecord, type NormalizeContext } from './context';
import { readVariables, variableLookup } from './environment';
import { loadModel, nearest } from './model';
import { normalizeService } from './normalize-service';
import { topFileObjects, topNetworks, topVolumes } from './normalize-top';
import { Problems } from './problems';
import { activate, requestedProfiles } from './profiles';
import { checkReferences } from './references';
import { toPlain, TooLargeError, type MapNode } from './tree';
import { ComposeError, type ComposeLocation, type ComposeProject, type ReadOptions } from './types';

export function readCompose(options: ReadOptions): ComposeProject {
  const problems = new Problems();
  if (options.files.length === 0) throw new ComposeError([{ path: '', message: 'no compose file given', fix: 'name one with -f compose.yaml' }]);
  const projectDir = dirname(resolve(options.files[0]));
  const variables = readVariables(options, projectDir, problems);
  const projectName: { value?: string } = {};
  const lookup = variableLookup(variables, projectDir, () => projectName.value);
  let project: ComposeProject | undefined;
  const templates = new Map<string, string>();
  try {
    const model = loadModel({ files: options.files, projectDir, lookup, problems, templates, projectName });
    const profiles = requestedProfiles(options.profiles, lookup('COMPOSE_PROFILES'));
    if (model !== undefined && model.entries.size > 0) project = buildProject(model, { projectDir, problems, lookup, profiles, templates });
    else if (problems.errors.length === 0) problems.error({ file: options.files[0] }, '', 'the compose file is empty', 'define at least services:');
  } catch (e) {
    if (!(e instanceof TooLargeError)) throw e;
    problems.error(undefined, '', e.message, 'use fewer nested aliases');
  }
  if (problems.errors.length > 0 || project === undefined) throw new ComposeError(problems.errors);
  return project;
}

interface BuildInput {
  readonly projectDir: string;
  readonly problems: Problems;
  readonly lookup: (name: string) => string | undefined;
  readonly profiles: readonly string[];
  readonly templates: ReadonlyMap<string, string>;
}

function buildProject(model: MapNode, input: BuildInput): ComposeProject {
  const locations = new Map<string, ComposeLocation>();
  const floats = new Set<string>();
  const doc = toPlain(model, '', { locations, floats }) as Record<string, unknown>;
  const aliases = new Map<string, string>();
  const where = (path: string) => {
    const from = aliases.get(path);
    return from === undefined ? nearest(locations, path) : nearest(locations, from);
  };
  const ctx: NormalizeContext = {
    projectDir: input.projectDir,
    problems: input.problems,
    lookup: input.lookup,
    floats,
    where,
    alias: (path, from) => void aliases.set(path, from),
    error: (path, message, fix) => input.problems.error(where(path), path, message + writtenAs(locations.get(aliases.get(path) ?? path), input.templates), fix),
    warn: (path, message, fix) => input.problems.warn(where(path), path, message, fix),
  };
  const raw = isRecord(doc.services) ? doc.services : {};
  const normalized = sortedRecord(Object.entries(raw).map(([name, s]) => [name, normalizeService(name, s, ctx)] as const));
  const active = activate(normalized, input.profiles, input.problems, where);
  const services = sortedRecord(Object.entries(normalized).map(([name, s]) => [name, { ...s, active: active.has(name) }] as const));
  const usesDefault = Object.values(services).some((s) => s.networks.default !== undefined);
  const name = asString(doc.name);
  const project: ComposeProject = {
    ...(name === undefined ? {} : { name }),
    projectDir: input.projectDir,
    services,
    volumes: topVolumes(doc.volumes, ctx),
    networks: topNetworks(doc.networks, usesDefault),
    secrets: topFileObjects('secrets', doc.secrets, ctx),
    configs: topFileObjects('configs', doc.configs, ctx),
    warnings: input.problems.warnings,
    where,
  };
  checkReferences(project, ctx);
  unsupported(doc, ctx);
  return project;
}

/** Top-level keys compose has and this reader does not model: said, never dropped silently (`include` is applied while loading). */
function unsupported(doc: Record<string, unknown>, ctx: NormalizeContext): void {
  if (doc.models !== undefined) ctx.warn('models', 'top-level models are ignored', 'run the model as a service of its own');
}

/** ` (written as '${PORT}')` when the value at this location was interpolated: the error is in the variable. */
function writtenAs(loc: ComposeLocation | undefined, templates: ReadonlyMap<string, string>): string {
  const template = loc?.line === undefined ? undefined : templates.get(`${loc.file}:${loc.line}`);
  return template === undefined ? '' : ` (written as '${template}')`;
}
