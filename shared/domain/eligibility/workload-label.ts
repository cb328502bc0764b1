import type { Workload } from '../submission.js';

const LABELS: Record<Workload, string> = {
  azure: 'Azure',
  office365: 'Microsoft 365',
  ems: 'Enterprise Mobility + Security',
  dynamics: 'Dynamics 365',
};

/** The workload as a service desk names it in a message. */
export const workloadLabel = (workload: Workload): string => LABELS[workload];
