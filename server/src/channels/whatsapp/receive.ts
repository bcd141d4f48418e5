// How a WhatsApp webhook body is handed to the raw inbox: one item per message and per status (in
// the payload's own shape), deduplicated by number and message id, or status id and status. A
// message's item names its conversation (number and the sender's WhatsApp id), so that the inbox
// takes one user's messages in the order they came.
import type { ReceiveInput } from '../../inbox/receive.ts';
import type { Slice } from './parse.ts';

export const WHATSAPP_CHANNEL = 'whatsapp';

export const sliceInput = (numberId: number, slice: Slice): ReceiveInput => ({
  channel: WHATSAPP_CHANNEL,
  dedupeKey: `${numberId}:${slice.key}`,
  raw: slice.raw,
  meta: { numberId, kind: slice.kind, ...(slice.kind === 'message' && waIdNumber(slice.sender) !== undefined && { waId: waIdNumber(slice.sender) }) },
  sender: slice.sender,
});

/** A WhatsApp id (the user's phone number, E.164 digits, at most 15) as a number, or undefined. */
export const waIdNumber = (waId: string | null): number | undefined => (waId !== null && /^[1-9][0-9]{0,14}$/.test(waId) ? Number(waId) : undefined);
