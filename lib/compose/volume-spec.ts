/**
 * The short volume syntax `[SOURCE:]TARGET[:OPTIONS]` as compose splits it (compose-go `format/volume.go`): a
 * Windows drive letter (`C:\data`) is not a separator, nor is a `:` inside `${...}`; a source that starts with
 * `.`, `/`, `~`, `\\` or a drive letter is a host path (bind), anything else names a volume; no source is an
 * anonymous volume.
 */

export interface VolumeSpec {
  readonly type: 'bind' | 'volume';
  /** @default none: an anonymous volume */
  readonly source?: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** `z`, `Z`, propagation, `nocopy`: every option written after the target. */
  readonly options: readonly string[];
}

export function parseVolumeSpec(spec: string): VolumeSpec | { readonly error: string } {
  if (spec === '') return { error: 'an empty volume' };
  if (spec.length <= 2) return { type: 'volume', target: spec, readOnly: false, options: [] };
  const parts: string[] = [];
  let buffer = '';
  let depth = 0;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === '$' && spec[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0 && !(buffer.length === 1 && /\p{L}/u.test(buffer))) {
      parts.push(buffer);
      buffer = '';
    } else buffer += c;
  }
  parts.push(buffer);
  if (parts.some((p) => p === '')) return { error: `'${spec}' has an empty part between colons` };
  if (parts.length > 3) return { error: `'${spec}' has too many colons` };
  if (parts.length === 1) return { type: 'volume', target: parts[0], readOnly: false, options: [] };
  const options = parts.length === 3 ? parts[2].split(',') : [];
  let readOnly = false;
  for (const o of options) {
    if (o === 'ro') readOnly = true;
    if (o === 'rw') readOnly = false;
  }
  return { type: isHostPath(parts[0]) ? 'bind' : 'volume', source: parts[0], target: parts[1], readOnly, options };
}

export function isHostPath(source: string): boolean {
  if (source === '') return false;
  if ('./~'.includes(source[0])) return true;
  if (source.startsWith('\\\\')) return true;
  return /^\p{L}:/u.test(source);
}
