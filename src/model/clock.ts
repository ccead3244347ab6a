/** Time source; injected so the core never reads the wall clock. */
export interface Clock {
  now(): Date;
}

/** A clock that stands still unless told to move: for tests and golden files. */
export class FixedClock implements Clock {
  constructor(private current: Date = new Date('2026-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The wall clock; only faces construct it. */
export const systemClock: Clock = { now: () => new Date() };
