// Stand-ins for the world around the client core in tests: a socket the test opens, feeds and reads,
// and an HTTP API that answers from memory. The client itself is always the real one.

import type { ChatApi, SendResult } from './api.ts';
import type { SocketLike } from './client.ts';
import type { ClientFrame, ConversationSummary } from './protocol.ts';

export class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: ClientFrame[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
  /** The server accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  /** A frame from the server. */
  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  /** The frames of one type the client sent. */
  frames<T extends ClientFrame['type']>(type: T): Array<Extract<ClientFrame, { type: T }>> {
    return this.sent.filter((f): f is Extract<ClientFrame, { type: T }> => f.type === type);
  }
}

export class SocketServer {
  readonly sockets: FakeSocket[] = [];
  open = (url: string): FakeSocket => {
    const s = new FakeSocket(url);
    this.sockets.push(s);
    return s;
  };
  get last(): FakeSocket {
    const s = this.sockets.at(-1);
    if (!s) throw new Error('no socket opened');
    return s;
  }
}

export class MemoryApi implements ChatApi {
  visitorsMade = 0;
  conversationList: ConversationSummary[] = [];
  sendAnswers: SendResult[] = [];
  readonly multipartSends: Array<{ clientId: string; files: number }> = [];

  async createVisitor(): Promise<string> {
    this.visitorsMade++;
    return `flv_test${this.visitorsMade}`;
  }
  async conversations(): Promise<ConversationSummary[]> {
    return this.conversationList;
  }
  async messages() {
    return { messages: [], hasMore: false };
  }
  async sendWithFiles(_token: string, entry: { clientId: string }, files: readonly Blob[]): Promise<SendResult> {
    this.multipartSends.push({ clientId: entry.clientId, files: files.length });
    return this.sendAnswers.shift() ?? { ok: true };
  }
  async updateVisitor(): Promise<boolean> {
    return true;
  }
  async download(): Promise<Blob> {
    return new Blob(['x']);
  }
}
