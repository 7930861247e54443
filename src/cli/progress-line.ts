// A one-line progress report on stderr for long replays, redrawn in place at
// most every 200 ms; used only when stderr is a terminal.

const EVERY_MS = 200;

export class ProgressLine {
  private total: number | null = null;
  private last = 0;
  private shown = false;
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  start(total: number | null): void {
    this.total = total;
  }

  update(events: number): void {
    const now = Date.now();
    if (now - this.last < EVERY_MS) return;
    this.last = now;
    const rate = events / Math.max(0.001, (now - this.started) / 1000);
    const share = this.total !== null && this.total > 0 ? ` of ${this.total} (${Math.floor((100 * events) / this.total)}%)` : '';
    this.stream.write(`\r\x1b[Kreplaying: ${events} events${share}, ${Math.round(rate / 1000)}k events/s`);
    this.shown = true;
  }

  /** Erases the line so alerts and the summary start on a clean line. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
