/** A question asked, as AnswerGate numbers it. */
export interface Asked {
  readonly number: number;
  readonly question: string;
}

/**
 * Which answers a page takes when it may ask again before an answer comes. An answer is dropped once a later one
 * was taken, or once another question was asked (a file that fails as it opens is closed, and the page has gone
 * back to live); the same question asked again (a file that finished opening as its page was drawn) takes
 * whichever answer comes first.
 */
export class AnswerGate {
  private asked = 0;
  private taken = 0;
  private latest = '';

  ask(question: string): Asked {
    this.latest = question;
    return { number: ++this.asked, question };
  }

  /** Whether to show this answer; true marks it taken. */
  take(asked: Asked): boolean {
    if (asked.number < this.taken || (!this.isLatest(asked) && asked.question !== this.latest)) return false;
    this.taken = asked.number;
    return true;
  }

  /** No question was asked after this one. */
  isLatest(asked: Asked): boolean {
    return asked.number === this.asked;
  }
}
