/**
 * One budget of bytes held by requests in progress, shared by every receiver and import (--max-inflight-bytes):
 * a request that would pass it is refused at once (503 + Retry-After, gRPC UNAVAILABLE) instead of piling up.
 */
export class BudgetExceededError extends Error {
  constructor(budget: ByteBudget, wanted: number) {
    super(
      `the server is holding ${budget.used} bytes of requests in progress and ${wanted} more would pass its ` +
        `budget of ${budget.limit} bytes (--max-inflight-bytes); retry shortly`,
    );
  }
}

export class ByteBudget {
  used = 0;

  constructor(readonly limit: number) {}

  /** A holding for one request: it grows as the request's bytes arrive and is given back whole at once. */
  lease(): Lease {
    return new Lease(this);
  }
}

export class Lease {
  private held = 0;

  constructor(private readonly budget: ByteBudget) {}

  /** Adds `bytes` to this holding, or throws BudgetExceededError (and holds nothing more) when they do not fit. */
  take(bytes: number): void {
    if (this.budget.used + bytes > this.budget.limit) throw new BudgetExceededError(this.budget, bytes);
    this.budget.used += bytes;
    this.held += bytes;
  }

  /** Gives everything held back; taking again afterwards starts a new holding. */
  release(): void {
    this.budget.used -= this.held;
    this.held = 0;
  }
}
