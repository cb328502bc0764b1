import { registerStages } from '../shared/stage-function.js';

/** eligibility → routing → recording → notifications: one queue-triggered function per row of shared/pipeline/pipeline.ts. */
registerStages();
