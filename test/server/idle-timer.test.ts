import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Activity, IdleTimer } from '../../src-main/server/idle-timer';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('IdleTimer', () => {
  it('calls back once nothing happened for its whole period, not while activity goes on', () => {
    const onIdle = vi.fn();
    new IdleTimer(1000, onIdle);
    vi.advanceTimersByTime(999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.runOnlyPendingTimers(); // the immediate after the timer
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts from the last activity', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1000, onIdle);
    vi.advanceTimersByTime(600);
    timer.activity.note();
    vi.advanceTimersByTime(1000); // the first check finds 400 ms of quiet and waits the other 600
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(600);
    vi.runOnlyPendingTimers();
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('activity noted after the timer fired but before the check (I/O read once the loop is free) keeps it alive', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1000, onIdle);
    vi.advanceTimersByTime(1000); // the timer fired; its check waits for the immediate
    timer.activity.note();
    vi.runOnlyPendingTimers();
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('never calls back once stopped', () => {
    const onIdle = vi.fn();
    new IdleTimer(1000, onIdle).stop();
    vi.advanceTimersByTime(5000);
    vi.runOnlyPendingTimers();
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('shares an activity among timers: what one notes keeps the others alive', () => {
    const onIdle = vi.fn();
    const shared = new Activity();
    new IdleTimer(1000, onIdle, shared);
    vi.advanceTimersByTime(900);
    shared.note();
    vi.advanceTimersByTime(1000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
