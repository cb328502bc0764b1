/**
 * What one measurement counted: storage calls by kind (one HTTP round trip each) and broker operations
 * (Service Bus bills send, receive and complete as one operation each), split by pipeline stage.
 */
export interface Counts {
  read: number;
  write: number;
  transaction: number;
  query: number;
  send: number;
  receive: number;
  settle: number;
}

export type CountKind = keyof Counts;

export const zeroCounts = (): Counts => ({ read: 0, write: 0, transaction: 0, query: 0, send: 0, receive: 0, settle: 0 });

export const storageCalls = (c: Counts): number => c.read + c.write + c.transaction + c.query;
export const brokerOps = (c: Counts): number => c.send + c.receive + c.settle;

export interface TallySnapshot {
  total: Counts;
  byStage: Record<string, Counts>;
  /** `<stage> <table>.<method>` → calls: which call sites dominate. */
  sites: Record<string, number>;
  /** Entities read or written per table (a transaction touches several): the unit of the partition targets. */
  entities: Record<string, number>;
}

/** Counters that a measurement resets, runs, then snapshots. */
export class Tally {
  private total = zeroCounts();
  private byStage = new Map<string, Counts>();
  private sites = new Map<string, number>();
  private entities = new Map<string, number>();

  add(stage: string, kind: CountKind, site?: string, entities = 0, table?: string): void {
    this.total[kind]++;
    let counts = this.byStage.get(stage);
    if (!counts) this.byStage.set(stage, (counts = zeroCounts()));
    counts[kind]++;
    if (site) this.sites.set(`${stage} ${site}`, (this.sites.get(`${stage} ${site}`) ?? 0) + 1);
    if (table && entities > 0) this.entities.set(table, (this.entities.get(table) ?? 0) + entities);
  }

  /** One counter, without building a snapshot (polled while a run is in progress). */
  get(stage: string, kind: CountKind): number {
    return this.byStage.get(stage)?.[kind] ?? 0;
  }

  reset(): void {
    this.total = zeroCounts();
    this.byStage.clear();
    this.sites.clear();
    this.entities.clear();
  }

  snapshot(): TallySnapshot {
    return {
      total: { ...this.total },
      byStage: Object.fromEntries([...this.byStage].map(([k, v]) => [k, { ...v }])),
      sites: Object.fromEntries([...this.sites].sort((a, b) => b[1] - a[1])),
      entities: Object.fromEntries(this.entities),
    };
  }
}
