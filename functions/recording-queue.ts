import { runRecording } from '../shared/pipeline/recording-stage.js';
import { QUEUES } from '../shared/queues.js';
import { registerStage } from '../shared/stage-function.js';

registerStage('recording', QUEUES.recording, runRecording);
