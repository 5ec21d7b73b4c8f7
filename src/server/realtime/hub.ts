import type { WebSocket } from 'ws';
import { wsClientMessage } from '../../contracts/operations';
import type { Database } from '../db/client';
import type { Principal } from '../http/access';
import { canAccessOrg, isOperator } from '../http/access';

const CHANNEL = 'banso_events';
// NOTIFY payloads are capped at 8000 bytes: events carry ids and let clients refetch the rest.
const MAX_PAYLOAD_BYTES = 7900;
const MAX_ROOMS_PER_SOCKET = 50;
const MAX_MESSAGES_PER_SECOND = 20;

/** Decides whether a principal may join a room, given the part after the prefix. */
export type RoomAuthorizer = (principal: Principal, id: string) => boolean | Promise<boolean>;

type Envelope = { room: string; event: string; data: unknown };

/**
 * Real-time events. Every publish goes through PostgreSQL NOTIFY, and every instance LISTENs and
 * forwards to its own sockets, so clients on different server instances see the same events.
 */
export class RealtimeHub {
  readonly #rooms = new Map<string, Set<WebSocket>>();
  readonly #authorizers = new Map<string, RoomAuthorizer>([
    ['org', (p, id) => canAccessOrg(p, id, 'read')],
    ['user', (p, id) => p.userId === id],
    ['operator', (p) => isOperator(p)],
  ]);
  #unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly database: Database) {}

  /** Modules add their own room kinds, e.g. exercise:<id>. */
  registerRoom(prefix: string, authorize: RoomAuthorizer): void {
    this.#authorizers.set(prefix, authorize);
  }

  async start(): Promise<void> {
    this.#unlisten = await this.database.listen(CHANNEL, (payload) => this.deliver(payload));
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    for (const sockets of this.#rooms.values()) for (const s of sockets) s.close(1001);
    this.#rooms.clear();
  }

  async publish(room: string, event: string, data: unknown = {}): Promise<void> {
    const payload = JSON.stringify({ room, event, data } satisfies Envelope);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      throw new Error(`event ${event} is too large for NOTIFY; send ids, not content`);
    }
    await this.database.notify(CHANNEL, payload);
  }

  private deliver(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    const sockets = this.#rooms.get(envelope.room);
    if (!sockets) return;
    const message = JSON.stringify({ type: 'event', ...envelope });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
  }

  private async authorize(principal: Principal, room: string): Promise<boolean> {
    const [prefix = '', id = ''] = room.split(/:(.*)/s);
    const authorizer = this.#authorizers.get(prefix);
    return authorizer ? await authorizer(principal, id) : false;
  }

  /**
   * Serves a socket that is not a signed-in user (an exercise seat): the server has already decided
   * which rooms it belongs to; it may only ping, with the same flood limit.
   */
  attachToRooms(socket: WebSocket, rooms: readonly string[]): void {
    let windowStart = Date.now();
    let count = 0;
    const send = (msg: object) =>
      socket.readyState === socket.OPEN && socket.send(JSON.stringify(msg));
    for (const room of rooms) {
      let set = this.#rooms.get(room);
      if (!set) this.#rooms.set(room, (set = new Set()));
      set.add(socket);
    }
    socket.on('message', (raw) => {
      const now = Date.now();
      if (now - windowStart > 1000) {
        windowStart = now;
        count = 0;
      }
      if (++count > MAX_MESSAGES_PER_SECOND) {
        send({ type: 'error', code: 'rate_limited', message: 'too many messages' });
        socket.close(1008, 'rate limited');
        return;
      }
      let parsed;
      try {
        parsed = wsClientMessage.safeParse(JSON.parse(String(raw)));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success && parsed.data.type === 'ping') return void send({ type: 'pong' });
      send({ type: 'error', code: 'forbidden', message: 'this connection only receives events' });
    });
    socket.on('close', () => {
      for (const room of rooms) {
        const set = this.#rooms.get(room);
        set?.delete(socket);
        if (set?.size === 0) this.#rooms.delete(room);
      }
    });
    for (const room of rooms) send({ type: 'subscribed', room });
  }

  /** Serves one authenticated socket: subscribe/unsubscribe/ping, with limits against floods. */
  attach(socket: WebSocket, principal: Principal): void {
    const joined = new Set<string>();
    let windowStart = Date.now();
    let count = 0;
    const send = (msg: object) =>
      socket.readyState === socket.OPEN && socket.send(JSON.stringify(msg));

    socket.on('message', (raw) => {
      const now = Date.now();
      if (now - windowStart > 1000) {
        windowStart = now;
        count = 0;
      }
      if (++count > MAX_MESSAGES_PER_SECOND) {
        send({ type: 'error', code: 'rate_limited', message: 'too many messages' });
        socket.close(1008, 'rate limited');
        return;
      }
      let parsed;
      try {
        parsed = wsClientMessage.safeParse(JSON.parse(String(raw)));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        send({ type: 'error', code: 'validation_failed', message: 'unrecognised message' });
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'ping') return void send({ type: 'pong' });
      if (msg.type === 'unsubscribe') {
        joined.delete(msg.room);
        this.#rooms.get(msg.room)?.delete(socket);
        return;
      }
      void this.authorize(principal, msg.room).then((allowed) => {
        if (!allowed) return send({ type: 'error', code: 'forbidden', message: msg.room });
        if (joined.size >= MAX_ROOMS_PER_SOCKET) {
          return send({ type: 'error', code: 'rate_limited', message: 'too many rooms' });
        }
        joined.add(msg.room);
        let set = this.#rooms.get(msg.room);
        if (!set) this.#rooms.set(msg.room, (set = new Set()));
        set.add(socket);
        send({ type: 'subscribed', room: msg.room });
      });
    });
    socket.on('close', () => {
      for (const room of joined) {
        const set = this.#rooms.get(room);
        set?.delete(socket);
        if (set?.size === 0) this.#rooms.delete(room);
      }
    });
  }
}
