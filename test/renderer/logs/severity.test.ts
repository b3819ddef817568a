import { describe, expect, it } from 'vitest';
import { levelNumber, minimumSeverity, severityColour, severityLevel, severityName } from '../../../src-renderer/lib/logs/severity';

describe('log severities', () => {
  it('names the level of each number, four to a level, and nothing for 0 or past 24', () => {
    expect([1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24].map(severityLevel)).toEqual(['TRACE', 'TRACE', 'DEBUG', 'DEBUG', 'INFO', 'INFO', 'WARN', 'WARN', 'ERROR', 'ERROR', 'FATAL', 'FATAL']);
    expect([0, 25, -1, 9.5].map(severityLevel)).toEqual([undefined, undefined, undefined, undefined]);
    expect(levelNumber('WARN')).toBe(13);
  });

  it('draws TRACE and DEBUG muted, INFO plain, WARN amber, ERROR and FATAL red', () => {
    expect([2, 6, 9, 14, 17, 23, 0].map(severityColour)).toEqual(['var(--muted)', 'var(--muted)', 'var(--fg)', 'var(--warn)', 'var(--error)', 'var(--error)', 'var(--muted)']);
  });

  it("says the level, or the sender's text when it gave no number", () => {
    expect(severityName(18, 'err')).toBe('ERROR');
    expect(severityName(0, 'notice')).toBe('notice');
    expect(severityName(0, '')).toBe('UNSPECIFIED');
  });

  it('reads a minimum as the API takes it: a name in any case or a number from 1 to 24', () => {
    expect(minimumSeverity('warn')).toBe(13);
    expect(minimumSeverity(' FATAL ')).toBe(21);
    expect(minimumSeverity('7')).toBe(7);
    expect(['0', '25', 'NOTICE', '', '1.5'].map(minimumSeverity)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
