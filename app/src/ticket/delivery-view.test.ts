import { describe, expect, it } from 'vitest';
import type { MessageRecipient } from '../api/types';
import { deliveryView } from './delivery-view';

const recipient = (address: string, kind: 'to' | 'cc', status: MessageRecipient['status'], response: string | null = null): MessageRecipient => ({
  address,
  name: '',
  kind,
  status,
  response,
  attempts: 1,
  answeredAt: null,
});

describe('the delivery line under a reply', () => {
  it('says sent, with nothing to retry, when everyone has it', () => {
    expect(deliveryView({ deliveryStatus: 'sent', deliveryError: null, recipients: [recipient('a@x', 'to', 'sent'), recipient('b@x', 'cc', 'sent')] })).toEqual({ label: 'sent', canRetry: false, error: null });
  });

  it('says partly sent and offers "send again" when a Cc was refused', () => {
    const view = deliveryView({ deliveryStatus: 'sent', deliveryError: 'sent to a@x; not delivered to b@x: 550', recipients: [recipient('a@x', 'to', 'sent'), recipient('b@x', 'cc', 'failed', '550')] });
    expect(view).toEqual({ label: 'partial', canRetry: true, error: null });
  });

  it('offers "send again" for a failed message; the reason shows on its recipients, or on the message when it has none', () => {
    expect(deliveryView({ deliveryStatus: 'failed', deliveryError: 'x', recipients: [recipient('a@x', 'to', 'failed', '550')] })).toEqual({ label: 'failed', canRetry: true, error: null });
    expect(deliveryView({ deliveryStatus: 'failed', deliveryError: 'no adapter', recipients: [] })).toEqual({ label: 'failed', canRetry: true, error: 'no adapter' });
  });

  it('offers nothing while the message waits for its next attempt', () => {
    expect(deliveryView({ deliveryStatus: 'queued', deliveryError: 'not yet delivered', recipients: [recipient('a@x', 'to', 'queued', '450')] })).toEqual({ label: 'queued', canRetry: false, error: null });
  });
});
