// What channels may ask of the outbound pipeline directly: finding their sent message by the
// provider's id, and recording the provider's report that it was delivered. A failure a provider
// reports later goes through the message.bounced event (on-events.ts recordBounce).
export { markDeliveredMessage, outboundByExternalId } from './store.ts';
