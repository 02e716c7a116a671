/**
 * Throttling is not a failure: a call that AWS throttles (ThrottlingException, TooManyUpdates,
 * Organizations' TooManyRequestsException, HTTP 429) is retried with full-jitter exponential backoff,
 * beyond the SDK's own few attempts, until it goes through or the time budget is spent.
 */
import { sleep } from '../common/limit.js';
import { isThrottling } from './plan.js';

export interface ThrottleOptions {
  /** First backoff ceiling; doubles per retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time one call may spend being throttled. */
  budgetMs: number;
  /** Counts the retries (for the report and the bench). */
  onThrottle?: () => void;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  budgetMs: 10 * 60_000,
};

export async function retryThrottled<T>(
  fn: () => Promise<T>,
  o: ThrottleOptions = DEFAULT_THROTTLE,
): Promise<T> {
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isThrottling(err) || Date.now() - start > o.budgetMs) throw err;
      o.onThrottle?.();
      const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(attempt, 16));
      await sleep(Math.random() * ceiling);
    }
  }
}
