import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, type SocketLike } from './live-client';
import type { LiveEvent } from '@frontline/shared';
import { buildMessageCreated } from './build-events';
import { backoffDelay, LiveStore } from './live-store';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    this.onclose?.({ code });
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const event = (id: number): LiveEvent => buildMessageCreated({ number: 1007 }, { id, ticketId: 7 });

describe('LiveStore', () => {
  it('accepts an event once and remembers the newest id', () => {
    const store = new LiveStore();
    expect(store.accept(event(3))).toBe(true);
    expect(store.accept(event(3))).toBe(false);
    expect(store.accept(event(2))).toBe(true);
    expect(store.lastEventId).toBe(3);
  });

  it('forgets presence not refreshed for 30 seconds and hides the agent themself', () => {
    const store = new LiveStore();
    store.notePresence({ at: '', ticketId: 7, agentId: 2, agentName: 'Nino', state: 'typing' }, 0);
    store.notePresence({ at: '', ticketId: 7, agentId: 1, agentName: 'Me', state: 'viewing' }, 0);
    expect(store.presenceOn(7, 10_000, 1).map((p) => p.agentName)).toEqual(['Nino']);
    expect(store.presenceOn(7, 31_000, 1)).toEqual([]);
  });

  it('drops an agent who says they left', () => {
    const store = new LiveStore();
    store.notePresence({ at: '', ticketId: 7, agentId: 2, agentName: 'Nino', state: 'viewing' }, 0);
    store.notePresence({ at: '', ticketId: 7, agentId: 2, agentName: 'Nino', state: 'left' }, 1);
    expect(store.presenceOn(7, 2)).toEqual([]);
  });

  it('a chat visitor counts as typing for 6 seconds without news, until idle, or until their message comes', () => {
    const store = new LiveStore();
    store.noteVisitor(7, 'typing', 1_000);
    expect(store.visitorTypingUntil(7, 5_000)).toBe(7_000);
    expect(store.visitorTypingUntil(8, 5_000)).toBeNull();
    expect(store.visitorTypingUntil(7, 7_000)).toBeNull();
    store.noteVisitor(7, 'typing', 10_000);
    store.noteVisitor(7, 'typing', 14_000);
    expect(store.visitorTypingUntil(7, 19_000)).toBe(20_000);
    store.noteVisitor(7, 'idle', 19_500);
    expect(store.visitorTypingUntil(7, 19_500)).toBeNull();
    store.noteVisitor(7, 'typing', 30_000);
    expect(store.visitorSent(7)).toBe(true);
    expect(store.visitorTypingUntil(7, 30_001)).toBeNull();
    expect(store.visitorSent(7)).toBe(false);
  });

  it('backs off exponentially up to a ceiling', () => {
    const mid = () => 0.5;
    expect(backoffDelay(0, mid)).toBe(500);
    expect(backoffDelay(3, mid)).toBe(4000);
    expect(backoffDelay(20, mid)).toBe(15_000);
  });
});

describe('LiveClient', () => {
  let sockets: FakeSocket[];
  let events: LiveEvent[];
  let client: LiveClient;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    events = [];
    client = new LiveClient({
      url: 'ws://test/api/v1/live',
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
      onEvent: (e) => events.push(e),
      random: () => 0.5,
    });
  });
  afterEach(() => {
    client.stop();
    vi.useRealTimers();
  });

  it('stops and says so when the server ends the session, instead of reconnecting', () => {
    const ended = vi.fn();
    const live = new LiveClient({ url: 'ws://test', createSocket: () => sockets[sockets.push(new FakeSocket()) - 1]!, onEvent: () => {}, onSessionEnded: ended, random: () => 0.5 });
    live.start();
    sockets[0]!.open();
    sockets[0]!.close(4401);
    expect(ended).toHaveBeenCalledOnce();
    expect(live.status).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('reconnects at once when the agent\'s role or teams changed, and says so', () => {
    const rescoped = vi.fn();
    const live = new LiveClient({ url: 'ws://test', createSocket: () => sockets[sockets.push(new FakeSocket()) - 1]!, onEvent: () => {}, onScopeChanged: rescoped, random: () => 0.5 });
    live.start();
    sockets[0]!.open();
    sockets[0]!.close(4403);
    expect(rescoped).toHaveBeenCalledOnce();
    expect(sockets).toHaveLength(2);
    live.stop();
  });

  it('says hello with no id first, then with the last id it saw after a reconnect, showing nothing twice', () => {
    client.start();
    sockets[0]!.open();
    expect(sockets[0]!.sent[0]).toEqual({ type: 'hello', lastEventId: null });
    sockets[0]!.deliver({ type: 'event', event: event(1) });
    sockets[0]!.deliver({ type: 'event', event: event(2) });
    sockets[0]!.deliver({ type: 'ready', lastEventId: 2 });
    expect(client.status).toBe('live');

    sockets[0]!.close();
    expect(client.status).toBe('offline');
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(sockets[1]!.sent[0]).toEqual({ type: 'hello', lastEventId: 2 });
    // The server replays from 2 on; a duplicate of 2 slipping through is still shown once.
    sockets[1]!.deliver({ type: 'event', event: event(2) });
    sockets[1]!.deliver({ type: 'event', event: event(3) });
    sockets[1]!.deliver({ type: 'ready', lastEventId: 3 });
    expect(events.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('keeps retrying with growing delays while the server is away', () => {
    client.start();
    sockets[0]!.close();
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.close();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
  });

  it('repeats its own presence every 10 seconds and re-announces it after a reconnect', () => {
    client.start();
    sockets[0]!.open();
    client.setPresence(7, 'viewing');
    const presence = () => sockets.flatMap((s) => s.sent).filter((m) => (m as { type: string }).type === 'presence');
    expect(presence()).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(presence()).toHaveLength(2);
    client.setPresence(7, 'typing');
    expect(presence()[2]).toEqual({ type: 'presence', ticketId: 7, state: 'typing' });
    sockets[0]!.close();
    vi.advanceTimersByTime(500);
    sockets[1]!.open();
    expect(sockets[1]!.sent[1]).toEqual({ type: 'presence', ticketId: 7, state: 'typing' });
  });

  it('hears a chat visitor typing, ignores a malformed visitor frame, and forgets typing on a reconnect', () => {
    const heard = vi.fn();
    const live = new LiveClient({ url: 'ws://test', createSocket: () => sockets[sockets.push(new FakeSocket()) - 1]!, onEvent: () => {}, onPresence: heard, random: () => 0.5, now: () => 1_000 });
    live.start();
    sockets[0]!.open();
    sockets[0]!.deliver({ type: 'visitor', ticketId: 7, state: 'shouting' });
    sockets[0]!.deliver({ type: 'visitor', ticketId: '7', state: 'typing' });
    expect(heard).not.toHaveBeenCalled();
    sockets[0]!.deliver({ type: 'visitor', ticketId: 7, state: 'typing' });
    expect(heard).toHaveBeenCalledTimes(1);
    expect(live.store.visitorTypingUntil(7, 2_000)).toBe(7_000);
    sockets[0]!.close();
    expect(live.store.visitorTypingUntil(7, 2_000)).toBeNull();
    live.stop();
  });

  it('closes a silent connection so that it reconnects', () => {
    client.start();
    sockets[0]!.open();
    vi.advanceTimersByTime(59_000);
    sockets[0]!.deliver({ type: 'ping' });
    vi.advanceTimersByTime(59_000);
    expect(sockets[0]!.closed).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(sockets[0]!.closed).toBe(true);
  });

  it('ignores malformed frames', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.deliver({ type: 'event', event: { id: 'x' } });
    // An event type this build does not know, and one never sent to browsers.
    sockets[0]!.deliver({ type: 'event', event: { ...event(5), type: 'ticket.exploded' } });
    sockets[0]!.deliver({ type: 'event', event: { ...event(6), type: 'session.ended', ticketId: null, payload: { agentId: 1 } } });
    sockets[0]!.deliver({ type: 'event', event: event(7) });
    expect(events.map((e) => e.id)).toEqual([7]);
  });
});
