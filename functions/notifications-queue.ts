import { runNotifications } from '../shared/pipeline/notification-stage.js';
import { QUEUES } from '../shared/queues.js';
import { registerStage } from '../shared/stage-function.js';

registerStage('notifications', QUEUES.notifications, runNotifications);
