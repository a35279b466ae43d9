import type { paths } from '../../api/schema.js';

/** The shapes the job pages read, taken from the service's OpenAPI document (never written by hand). */

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Job = Json<paths['/jobs/{id}']['get']['responses'][200]>;
export type JobCreate = NonNullable<paths['/jobs']['post']['requestBody']>['content']['application/json'];
export type Slot = Json<paths['/jobs/{id}/slots']['get']['responses'][200]>['items'][number];
export type Candidate = Json<paths['/jobs/{id}/candidates']['get']['responses'][200]>['items'][number];
export type CandidateStatus = Candidate['status'];
export type ImportReply = Json<paths['/jobs/{id}/candidates']['post']['responses'][200]>;
export type Progress = Json<paths['/jobs/{id}/campaign']['get']['responses'][200]>;
export type Conversation = Json<paths['/conversations']['get']['responses'][200]>['items'][number];

export const CANDIDATE_STATUSES: CandidateStatus[] = [
  'new',
  'calling',
  'scheduled',
  'callback',
  'declined',
  'opted_out',
  'wrong_number',
  'unreachable',
  'withdrawn',
];

/** A badge class for a candidate's status or a call's outcome: booked is good, refusals and dead ends are marked. */
export function statusTone(status: string | null | undefined): string {
  if (status === 'scheduled' || status === 'finished' || status === 'running' || status === 'open') return 'badge ok';
  if (status === 'opted_out' || status === 'wrong_number' || status === 'unreachable' || status === 'declined') return 'badge bad';
  if (status === 'callback' || status === 'paused' || status === 'calling') return 'badge warn';
  return 'badge';
}
