/**
 * The one error the oracle's readers and `applyEvent` throw on bad input: a malformed file, a value of
 * the wrong type, an unknown event, a hash that was never introduced, a number out of range. It names
 * where: the file (if any), the step (0-based index of the event in the trace, if any) and the field
 * (a JSON pointer into the event or the file, e.g. `/backed/0/candidate`). Anything else escaping
 * the oracle is a bug (the fuzz tests in test/oracle/ require that).
 */
export class TraceError extends Error {
  constructor(
    readonly what: string,
    readonly where: { readonly file?: string; readonly step?: number; readonly field?: string; readonly line?: number } = {},
  ) {
    super(TraceError.format(what, where));
    this.name = 'TraceError';
  }

  static format(what: string, where: { file?: string; step?: number; field?: string; line?: number }): string {
    const parts: string[] = [];
    if (where.file !== undefined) parts.push(where.file);
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    if (where.step !== undefined) parts.push(`step ${where.step}`);
    if (where.field !== undefined && where.field !== '') parts.push(`field ${where.field}`);
    return parts.length ? `${parts.join(', ')}: ${what}` : what;
  }

  /** The same error, located further (a reader adds the file, a replay adds the step). */
  at(where: { file?: string; step?: number; field?: string; line?: number }): TraceError {
    return new TraceError(this.what, { ...this.where, ...Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined)) });
  }
}
