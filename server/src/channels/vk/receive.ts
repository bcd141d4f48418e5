// How a VK event is handed to the raw inbox: its bytes as they came, deduplicated by community and
// event_id (VK delivers again until it gets "ok"), with the sender for the admin screen.
import type { ReceiveInput } from '../../inbox/receive.ts';

export const VK_CHANNEL = 'vk';

export function eventInput(communityId: number, eventId: string, raw: Uint8Array, event: Record<string, unknown>): ReceiveInput {
  const object = event.object as { message?: { from_id?: unknown; peer_id?: unknown } } | undefined;
  const fromId = object?.message?.from_id;
  const peerId = object?.message?.peer_id;
  return {
    channel: VK_CHANNEL,
    dedupeKey: `${communityId}:${eventId}`,
    raw,
    meta: { communityId, ...(Number.isSafeInteger(peerId) && { peerId }) },
    sender: Number.isSafeInteger(fromId) ? `id${String(fromId)}` : null,
  };
}
