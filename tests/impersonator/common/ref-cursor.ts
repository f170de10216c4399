/**
 * The reference book "as of the market now": a naive book advanced frame by frame up to the
 * timeline position (frames sent, dropped or held all moved the market), rebuilt from the start
 * if asked for an earlier position.
 */
export class RefCursor<B> {
  private k = 0;
  private book: B;

  constructor(
    private readonly fresh: () => B,
    private readonly step: (book: B, frameIndex: number) => void,
  ) {
    this.book = fresh();
  }

  at(position: number): B {
    if (position < this.k) {
      this.book = this.fresh();
      this.k = 0;
    }
    while (this.k < position) this.step(this.book, this.k++);
    return this.book;
  }
}

/** The `msg` value's text: `msg` is the last key of a capture line (PROVENANCE.md §1). */
export function msgText(line: string): string {
  const at = line.indexOf(',"msg":');
  if (at < 0 || !line.endsWith('}')) throw new Error(`capture line without trailing msg: ${line.slice(0, 80)}`);
  return line.slice(at + 7, -1);
}
