/** One thing wrong with a description: where, what was found, and what is allowed instead. */
export interface Problem {
  /** Dotted path into the description, e.g. `services.backend.dependsOn.tracxn-apii`. */
  readonly path: string;
  readonly message: string;
}

/** Every problem of one system at once; the CLI prints `message` and exits without writing anything. */
export class InvalidSystemError extends Error {
  constructor(
    readonly systemId: string,
    readonly problems: readonly Problem[],
  ) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super([`invalid system "${systemId}" (${count}):`, ...problems.map((p) => `  ${p.path}: ${p.message}`)].join('\n'));
    this.name = 'InvalidSystemError';
  }
}

/** Collects problems while a validator walks a description. */
export class ProblemList {
  private readonly items: Problem[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  get all(): readonly Problem[] {
    return this.items;
  }

  /** The same problems, each path and message once (several environments may share one). */
  deduplicated(): ProblemList {
    const unique = new ProblemList();
    const seen = new Set<string>();
    for (const p of this.items) {
      const key = `${p.path}\n${p.message}`;
      if (!seen.has(key)) unique.add(p.path, p.message);
      seen.add(key);
    }
    return unique;
  }

  throwIfAny(systemId: string): void {
    if (this.items.length > 0) throw new InvalidSystemError(systemId, this.items);
  }
}

/** `"x"` for strings, JSON for everything else: how a bad value is shown in a message. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** `known: a, b, c`: the names a reference could have used. */
export function known(keys: Iterable<string>): string {
  return `known: ${[...keys].sort().join(', ') || 'none'}`;
}

/**
 * A problem with what the user gave berth (a data file, a command's arguments), not a bug in berth: the CLI
 * prints its message, which names every problem, and exits 1 without a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
