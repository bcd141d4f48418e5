// The website chat's message and conversation as the server sends them to the widget (HTTP and
// WebSocket, docs/chat-widget.md): one definition for the server's views and the widget's reader.

export interface ChatAttachment {
  id: number;
  filename: string;
  size: number;
  contentType: string;
}

export interface ChatMessage {
  id: number;
  conversationId: number;
  conversationKey: string;
  clientId: string | null;
  from: 'visitor' | 'agent' | 'system';
  author: { alias: string; avatarUrl: string | null } | null;
  text: string;
  at: string;
  attachments: ChatAttachment[];
}

export interface ChatConversation {
  /** The ticket's id. */
  id: number;
  key: string;
  number: number;
  subject: string;
  status: string;
  topic: string | null;
  createdAt: string;
  updatedAt: string;
  /** What the visitor may see of the ticket's last message (never an internal note). */
  lastMessage: { text: string; from: 'visitor' | 'agent' } | null;
  agentReadId: number;
  visitorReadId: number;
}
