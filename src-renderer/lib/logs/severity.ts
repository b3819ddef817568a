/**
 * OpenTelemetry's severity numbers (1–24, four to a level) as level names and the colour that says them:
 * TRACE and DEBUG muted, INFO plain, WARN amber, ERROR and FATAL red. The name (and an icon) always goes
 * with the colour.
 */
export const SEVERITY_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** A level's lowest number: TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21. */
export const levelNumber = (level: SeverityLevel): number => SEVERITY_LEVELS.indexOf(level) * 4 + 1;

/** The level of a severity number; undefined for 0 (unspecified) and numbers outside 1–24. */
export function severityLevel(severityNumber: number): SeverityLevel | undefined {
  if (!Number.isInteger(severityNumber) || severityNumber < 1 || severityNumber > 24) return undefined;
  return SEVERITY_LEVELS[Math.floor((severityNumber - 1) / 4)];
}

const LEVEL_COLOURS: Record<SeverityLevel, string> = {
  TRACE: 'var(--muted)',
  DEBUG: 'var(--muted)',
  INFO: 'var(--fg)',
  WARN: 'var(--warn)',
  ERROR: 'var(--error)',
  FATAL: 'var(--error)',
};

/** The design token a severity is drawn in. */
export function severityColour(severityNumber: number): string {
  const level = severityLevel(severityNumber);
  return level ? LEVEL_COLOURS[level] : 'var(--muted)';
}

/** What a record's severity is called: its level, or the sender's own text when it gave no number. */
export function severityName(severityNumber: number, severityText: string): string {
  return severityLevel(severityNumber) ?? (severityText || 'UNSPECIFIED');
}

/** A minimum severity as the API takes it (`WARN`, `warn` or `13`) → its number; undefined when it is neither. */
export function minimumSeverity(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return severityLevel(Number(trimmed)) ? Number(trimmed) : undefined;
  const level = trimmed.toUpperCase() as SeverityLevel;
  return SEVERITY_LEVELS.includes(level) ? levelNumber(level) : undefined;
}
