import { runRouting } from '../shared/pipeline/routing-stage.js';
import { QUEUES } from '../shared/queues.js';
import { registerStage } from '../shared/stage-function.js';

registerStage('routing', QUEUES.routing, runRouting);
