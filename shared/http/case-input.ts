import { z } from 'zod';
import { MICROSOFT_CASE_ID } from '../domain/case.js';

/** Bodies of POST …/{ticketId}/case and …/close (README "After routing: the case"). Unknown fields are refused, as on submission. */
export const recordCaseSchema = z.strictObject({
  microsoftCaseId: z.string().trim().regex(MICROSOFT_CASE_ID, "must be Microsoft's case number: 4–64 letters, digits or hyphens"),
  filedBy: z.string().trim().min(1).max(256).optional(),
});

export const closeCaseSchema = z.strictObject({
  reason: z.string().trim().min(1).max(500),
});
