/** The time as rune state, ticking once a second, for marks that expire on their own (see receiving.ts). */
class Clock {
  now = $state(Date.now());

  constructor() {
    setInterval(() => (this.now = Date.now()), 1_000);
  }
}

export const clock = new Clock();
