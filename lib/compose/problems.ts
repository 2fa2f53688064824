import type { ComposeLocation, ComposeProblem } from './types';

/** Collects every error and warning of one read, so `readCompose` can fail once with all of them. */
export class Problems {
  readonly errors: ComposeProblem[] = [];
  readonly warnings: ComposeProblem[] = [];
  private readonly seen = new Set<string>();

  error(loc: ComposeLocation | undefined, path: string, message: string, fix?: string): void {
    this.add(this.errors, loc, path, message, fix);
  }

  warn(loc: ComposeLocation | undefined, path: string, message: string, fix?: string): void {
    this.add(this.warnings, loc, path, message, fix);
  }

  private add(list: ComposeProblem[], loc: ComposeLocation | undefined, path: string, message: string, fix: string | undefined): void {
    const key = `${list === this.errors ? 'E' : 'W'}\0${loc?.file ?? ''}\0${loc?.line ?? ''}\0${path}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push({
      ...(loc === undefined ? {} : { file: loc.file }),
      ...(loc?.line === undefined ? {} : { line: loc.line }),
      path,
      message,
      ...(fix === undefined ? {} : { fix }),
    });
  }
}

/** A value for a message: strings quoted, everything else as JSON, long values cut. */
export function shown(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (value === undefined) text = 'nothing';
  else text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
