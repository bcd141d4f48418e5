// Types and pure helpers used by the server and the clients.
export const ticketStatuses = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const agentRoles = ['admin', 'supervisor', 'agent', 'light_agent'] as const;
export type AgentRole = (typeof agentRoles)[number];

export const channels = ['email', 'web', 'chat', 'telegram', 'whatsapp', 'vk', 'phone', 'api', 'test'] as const;
export type Channel = (typeof channels)[number];

/**
 * Channels no provider delivers on: a reply there records what was said elsewhere (on the phone,
 * through another system). A public reply on any other channel is queued for its channel's adapter,
 * and a channel without one fails it visibly (Failed deliveries) rather than dropping it.
 */
export const recordedChannels: readonly string[] = ['web', 'api', 'phone'];
export const isDeliveredChannel = (channel: string): boolean => !recordedChannels.includes(channel);

export const identityKinds = ['email', 'phone', 'telegram', 'whatsapp', 'vk', 'widget'] as const;
export type IdentityKind = (typeof identityKinds)[number];

export const locales = ['en', 'ru', 'ka'] as const;
export type Locale = (typeof locales)[number];

export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export * from './acknowledgements.ts';
export * from './avatar-url.ts';
export * from './chat.ts';
export * from './events.ts';
export * from './live.ts';
export * from './audit.ts';
export * from './search-terms.ts';
export * from './status-path.ts';
