import { catalog } from './catalog';
import { type ImageRef, parseImage } from './ref';
import type { ImageEntry } from './types';

/** An entry with the variant of one tag applied, and the reference it was found for. */
export interface ResolvedImage extends Omit<ImageEntry, 'variants' | 'remoteCheck'> {
  /** The reference as parsed. */
  readonly ref: ImageRef;
  /** With the client image filled in: the image itself, as referenced, when the entry names none. @default none */
  readonly remoteCheck?: { readonly image: string; readonly command: readonly string[] };
}

const byRepository = new Map<string, ImageEntry>(catalog.flatMap((entry) => entry.repositories.map((repository) => [repository, entry] as const)));

/** Every entry of the catalog, in family order. */
export function imageEntries(): readonly ImageEntry[] {
  return catalog;
}

/**
 * What the catalog knows about an image reference (`postgres:15.19-alpine`, `docker.io/library/redis:7`,
 * `quay.io/minio/minio@sha256:…`): the entry of its repository with the first variant whose `tagPattern`
 * matches its tag (`latest` when it has none) applied. `undefined` when the catalog has no entry.
 */
export function findImage(ref: string): ResolvedImage | undefined {
  const parsed = parseImage(ref);
  const entry = byRepository.get(parsed.name);
  return entry ? resolveEntry(entry, parsed, ref.trim()) : undefined;
}

function resolveEntry(entry: ImageEntry, ref: ImageRef, image: string): ResolvedImage {
  const { variants, remoteCheck, ...facts } = entry;
  const tag = ref.tag ?? 'latest';
  const variant = variants?.find((v) => new RegExp(v.tagPattern).test(tag));
  const { tagPattern: _pattern, notes, ...replaced } = variant ?? { tagPattern: '' };
  return {
    ...facts,
    ...replaced,
    ref,
    notes: notes !== undefined || facts.notes !== undefined ? [...(facts.notes ?? []), ...(notes ?? [])] : undefined,
    remoteCheck: remoteCheck ? { image: remoteCheck.image ?? image, command: remoteCheck.command } : undefined,
  };
}
