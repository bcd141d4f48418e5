// The API's shape of a ticket participant.
import type { ParticipantRow } from './store.ts';

export const presentParticipant = (row: ParticipantRow) => ({
  email: row.email,
  name: row.name,
  state: row.state,
  proposedBy: row.state === 'proposed' ? row.proposed_by : null,
});
