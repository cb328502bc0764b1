/**
 * FIFO with a cheap push to the front: abandoned messages go back near the head of the queue, as in
 * Service Bus, while new ones join the tail. Both ends are O(1) amortised (no Array#shift/unshift).
 */
export class Deque<T> {
  /** Items returned to the front, newest last (popped first). */
  private readonly front: T[] = [];
  private back: T[] = [];
  private head = 0;

  get length(): number {
    return this.front.length + this.back.length - this.head;
  }

  pushBack(item: T): void {
    this.back.push(item);
  }

  pushFront(item: T): void {
    this.front.push(item);
  }

  shift(): T | undefined {
    if (this.front.length > 0) return this.front.pop();
    if (this.head >= this.back.length) return undefined;
    const item = this.back[this.head++];
    // Drop the consumed prefix once it dominates, so memory follows the live length.
    if (this.head > 1024 && this.head * 2 > this.back.length) {
      this.back = this.back.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
