import type { Agent, Customer, Directory, Partner } from '../domain/directory.js';

/** Point lookups only: one request costs a constant number of reads however large the directory is. */
export interface DirectoryReader {
  getPartner(tenantId: string): Promise<Partner | null>;
  getCustomer(tenantId: string): Promise<Customer | null>;
}

export interface DirectoryWriter {
  /** Replaces the whole directory; validated before any write; all-or-nothing for readers. */
  replace(directory: Directory, onProgress?: (done: number, total: number) => void): Promise<void>;
  export(): Promise<Directory>;
}

export type { Agent, Customer, Partner };
