/** What a conversion to another format could not keep: one sentence per kind of loss, with how many spans it hit. */
export class ConversionNotes {
  private readonly counts = new Map<string, number>();
  private readonly inSpan = new Set<string>();

  /** `what` completes "N spans: …", e.g. "links dropped (Zipkin has no links)". Counted once per span. */
  add(what: string): void {
    this.inSpan.add(what);
  }

  /** Call after each span is converted. */
  endSpan(): void {
    for (const what of this.inSpan) this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
    this.inSpan.clear();
  }

  sentences(): string[] {
    this.endSpan();
    return [...this.counts].map(([what, n]) => `${n} ${n === 1 ? 'span' : 'spans'}: ${what}`);
  }
}

/** A converted document and what the conversion lost. */
export interface Converted {
  text: string;
  notes: string[];
}
