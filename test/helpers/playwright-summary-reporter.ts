/** Ends the Playwright run with the plain "N passed, N failed, N skipped" line that CI reads, after each skip's reason. */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private readonly counts = { passed: 0, failed: 0, skipped: 0 };
  private readonly skips: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed') this.counts.passed++;
    else if (result.status === 'skipped') {
      this.counts.skipped++;
      const why = [...result.annotations, ...test.annotations].find((a) => a.type === 'skip')?.description ?? 'no reason given';
      this.skips.push(`skipped: ${test.title}: ${why}`);
    } else this.counts.failed++;
  }

  onEnd(): void {
    const { passed, failed, skipped } = this.counts;
    process.stdout.write(`\n${this.skips.map((line) => `${line}\n`).join('')}playwright: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
