/**
 * The trigram index of log bodies (logs_text) holds one document per run of up to LOG_TEXT_RUN consecutive records:
 * their texts joined by newlines, under the run's first log number. Records of one service repeat most of their
 * trigrams, so a run indexes each once: about a third of the bytes of a document per record, and a third of the
 * work. A match names a run; its records are read and each body checked, so a run only narrows.
 */

/** Records a document covers at most: the one written at rowid R holds texts of records R … R + LOG_TEXT_RUN − 1. */
export const LOG_TEXT_RUN = 16;

/** Gathers the records of one transaction (consecutive numbers) into runs and hands each run's document on. */
export class LogTextRuns {
  private first = 0;
  private count = 0;
  private texts: string[] = [];

  constructor(private readonly write: (firstLogNo: number, text: string) => void) {}

  add(logNo: number, text: string): void {
    if (this.count === LOG_TEXT_RUN || (this.count > 0 && logNo !== this.first + this.count)) this.flush();
    if (this.count === 0) this.first = logNo;
    this.count++;
    if (text !== '') this.texts.push(text);
  }

  /** Writes the run gathered so far (at the end of each transaction). */
  flush(): void {
    if (this.texts.length > 0) this.write(this.first, this.texts.join('\n'));
    this.count = 0;
    this.texts = [];
  }
}

/**
 * The log numbers to read for matched runs, newest first: each run's records, up to the start of the newer run
 * matched before it (a run shorter than LOG_TEXT_RUN is followed by the next run's records, which must not be read
 * twice).
 */
export function runRecordRange(firstLogNo: number, newerRunFirstLogNo: number): [first: number, last: number] {
  return [firstLogNo, Math.min(firstLogNo + LOG_TEXT_RUN - 1, newerRunFirstLogNo - 1)];
}
