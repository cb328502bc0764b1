/**
 * docs/openapi.json (webhooks), written out rather than imported: a partner configures its receiver against this schedule, so a test
 * that compared with the code's own RETRY_DELAYS_MS would pass whatever the code said.
 * Retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; the eighth failed attempt makes the delivery `failed`.
 */
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

export const CONTRACT_RETRY_WAITS_MS = [5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 10 * H];
export const CONTRACT_ATTEMPTS = 8;
