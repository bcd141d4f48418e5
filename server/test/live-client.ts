// A live WebSocket client for tests: records every frame it receives and how the socket closed.
import WebSocket from 'ws';

export interface Frame {
  type: string;
  event?: { id: number; type: string; ticketId: number | null; payload: Record<string, unknown> };
  message?: Record<string, unknown>;
  lastEventId?: number;
  agentId?: number;
  state?: string;
  ticketId?: number;
}

/** A live client that records every frame it receives. */
export class LiveTestClient {
  readonly frames: Frame[] = [];
  /** How the server closed the socket, once it has. */
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** Opens a socket as the bearer token, says hello and waits until the server is ready. */
  static async connect(url: string, token: string, lastEventId: number | null = null): Promise<LiveTestClient> {
    const client = await LiveTestClient.open(url, { authorization: `Bearer ${token}` });
    client.send({ type: 'hello', lastEventId });
    await client.waitFor((frame) => frame.type === 'ready');
    return client;
  }

  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`the socket stayed open; frames: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.closed;
  }

  static open(url: string, headers: Record<string, string>): Promise<LiveTestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new LiveTestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(message: unknown) {
    this.socket.send(JSON.stringify(message));
  }

  async waitFor(predicate: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out; frames: ${JSON.stringify(this.frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  events(type?: string) {
    return this.frames.filter((frame) => frame.type === 'event' && (!type || frame.event!.type === type)).map((frame) => frame.event!);
  }

  close() {
    this.socket.close();
  }
}

