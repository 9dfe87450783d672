/**
 * The sends a delivery worker has in flight, by message id, at most `capacity` at once. A slow
 * message holds one slot, not the queue: the others keep being filled as they free up.
 */
export class SendSlots {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly capacity: number) {}

  /** How many sends are in flight. */
  get size(): number {
    return this.running.size;
  }

  /** Whether message `id` is being sent by this worker. */
  has(id: string): boolean {
    return this.running.has(id);
  }

  /** The ids of the messages being sent by this worker. */
  ids(): string[] {
    return [...this.running.keys()];
  }

  /** Runs `send` (which must not reject) in a slot, freed when it settles. Take a slot with `whenFree` first. */
  start(id: string, send: () => Promise<void>): Promise<void> {
    const done = send().finally(() => this.running.delete(id));
    this.running.set(id, done);
    return done;
  }

  /** Resolves once a slot is free: at once, or when the first of the sends in flight settles. */
  async whenFree(): Promise<void> {
    while (this.running.size >= this.capacity) await Promise.race(this.running.values());
  }

  /** Resolves once nothing is in flight. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }
}
