/** Table Storage tables the relay uses. The app identity gets Storage Table Data Contributor on the account (infra/app/rbac.bicep). */
export const TABLES = {
  /** Tickets, their history, idempotency, outbox and delivery rows; PartitionKey = partner tenant id. */
  tickets: 'tickets',
  /** Partners and customers (docs/rules.md (directory file)), one versioned generation at a time. */
  directory: 'directory',
  /** Registered partner tools and their credentials (hashed / encrypted). */
  tools: 'tools',
  /** Health snapshots per source, incidents and the index of tickets held by each incident. */
  health: 'health',
  /** What the access and incident watches last told each partner, so only changes are sent. */
  watch: 'watch',
} as const;

export type TableName = (typeof TABLES)[keyof typeof TABLES];
export const ALL_TABLES: TableName[] = Object.values(TABLES);
