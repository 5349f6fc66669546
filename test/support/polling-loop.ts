// A background reconcile loop for the test stand-ins: `poll` every half second, never two at once; what goes wrong
// is collected in `errors` (tests assert it stays empty) instead of being lost in a timer callback.
export abstract class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  /** What went wrong in the background loop, if anything (tests assert it is empty). */
  public readonly errors: string[] = [];

  public start(): void {
    this.timer = setInterval(() => void this.tick(), 500);
  }

  /** Stops polling and waits for a poll in progress to finish. */
  public async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 100));
  }

  /** One round of reconciliation. */
  protected abstract poll(): Promise<void>;

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.poll();
    } catch (e) {
      this.errors.push(String((e as Error).stack ?? e));
    } finally {
      this.busy = false;
    }
  }
}
