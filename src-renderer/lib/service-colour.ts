/**
 * Service colours from a chosen categorical palette: 17 hues told apart in both themes (each at least 0.06 apart
 * in OKLab; 2.1:1 or more against the light theme's page and panels, 3.4:1 against the dark ones), with no red:
 * red means an error.
 *
 * `seedServiceColours` with the store's services (sorted) at start-up gives them the palette's colours in order,
 * so the first 17 are distinct and the same on every page. A service seen later starts at the slot its name
 * hashes to and moves on to the next free one while any is free; after 17, colours repeat.
 */
export const SERVICE_PALETTE = [
  '#3a81d7', // blue
  '#dd881b', // orange
  '#409d48', // green
  '#925ac9', // violet
  '#10a6ad', // teal
  '#c7a92a', // mustard
  '#d354b0', // magenta
  '#5b68d0', // indigo
  '#86af17', // lime
  '#0093c5', // cyan
  '#4ea683', // sea green
  '#5e7791', // slate
  '#969cee', // lavender
  '#8b8318', // olive
  '#be7ace', // orchid
  '#008f7d', // deep teal
  '#bf965d', // tan
] as const;

export class ServicePalette {
  private readonly slots = new Map<string, number>();
  private readonly taken = new Set<number>();

  constructor(private readonly colours: readonly string[] = SERVICE_PALETTE) {}

  seed(services: Iterable<string>): void {
    // In order, round the palette: past its size the 18th service repeats the 1st, the 19th the 2nd, and so on.
    for (const service of services) if (!this.slots.has(service)) this.take(service, this.slots.size % this.colours.length);
  }

  colour(service: string): string {
    const slot = this.slots.get(service) ?? this.take(service, fnv1a(service) % this.colours.length);
    return this.colours[slot];
  }

  /** The first free slot from `from` on (any slot once all are taken). */
  private take(service: string, from: number): number {
    let slot = from;
    if (this.taken.size < this.colours.length) while (this.taken.has(slot)) slot = (slot + 1) % this.colours.length;
    this.slots.set(service, slot);
    this.taken.add(slot);
    return slot;
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const palette = new ServicePalette();

export const serviceColour = (service: string): string => palette.colour(service);
export const seedServiceColours = (services: Iterable<string>): void => palette.seed(services);
