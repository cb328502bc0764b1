import type { TestProject } from 'vitest/node';
import { startAzurite, type AzuriteProcess } from '../../shared/local-host/azurite.js';

/** One in-memory Azurite on a free port for the whole run; suites isolate themselves with their own table names. */
let emulator: AzuriteProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  emulator = await startAzurite();
  project.provide('tablesConnection', emulator.connectionString);
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    tablesConnection: string;
  }
}
