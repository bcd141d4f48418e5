// How a WhatsApp webhook body is handed to the raw inbox: one item per message and per status (in
// the payload's own shape), deduplicated by number and message id, or status id and status.
import type { ReceiveInput } from '../../inbox/receive.ts';
import type { Slice } from './parse.ts';

export const WHATSAPP_CHANNEL = 'whatsapp';

export const sliceInput = (numberId: number, slice: Slice): ReceiveInput => ({
  channel: WHATSAPP_CHANNEL,
  dedupeKey: `${numberId}:${slice.key}`,
  raw: slice.raw,
  meta: { numberId, kind: slice.kind },
  sender: slice.sender,
});
