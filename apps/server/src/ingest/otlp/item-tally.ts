// Counts the items of one request that could not become events, and why, plus what was
// trimmed from those that could. Its message goes back to the sender as OTLP
// partial_success.error_message, so a sender learns what to fix without losing the rest.

const MAX_REASONS = 3;

export class ItemTally {
  rejected = 0;
  private readonly reasons = new Set<string>();
  private readonly warnings = new Set<string>();

  constructor(private readonly itemNoun: string) {}

  reject(reason: string): void {
    this.rejected++;
    if (this.reasons.size < MAX_REASONS) this.reasons.add(reason);
  }

  warn(warning: string): void {
    if (this.warnings.size < MAX_REASONS) this.warnings.add(warning);
  }

  /** Undefined when every item was taken whole. */
  message(): string | undefined {
    const parts: string[] = [];
    if (this.rejected > 0) parts.push(`${this.rejected} ${this.itemNoun} rejected: ${[...this.reasons].join('; ')}`);
    parts.push(...this.warnings);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
}
