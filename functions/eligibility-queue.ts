import { runEligibility } from '../shared/pipeline/eligibility-stage.js';
import { QUEUES } from '../shared/queues.js';
import { registerStage } from '../shared/stage-function.js';

registerStage('eligibility', QUEUES.eligibility, runEligibility);
