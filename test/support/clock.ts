/** A clock the test moves by hand; sleeping advances it instead of waiting. */
export class FakeClock {
  private t: number;
  constructor(start: string | Date) {
    this.t = new Date(start).getTime();
  }
  now = (): Date => new Date(this.t);
  ms = (): number => this.t;
  set(at: string | Date): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
  sleep = async (ms: number): Promise<void> => {
    this.t += Math.max(0, ms);
  };
}
