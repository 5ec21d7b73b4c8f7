import { useEffect, useEffectEvent } from 'react';
import { wsServerMessage } from '../../contracts/operations';

export interface LiveEvent {
  room: string;
  event: string;
  data: unknown;
}

const MAX_DELAY_MS = 30_000;
const PING_EVERY_MS = 25_000;

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/ws`;
}

/**
 * Subscribes to real-time rooms on /api/ws (cookie-authenticated) and calls onEvent for each event.
 * Reconnects with exponential backoff. onResync runs each time the server has confirmed every
 * subscription — on the first connection too: events sent between the page's first fetch and the
 * subscription (or while the socket was down) were missed, so the caller refetches then.
 */
export function useLiveEvents(
  rooms: readonly string[],
  onEvent: (event: LiveEvent) => void,
  onResync?: () => void,
): void {
  const handleEvent = useEffectEvent(onEvent);
  const handleResync = useEffectEvent(() => onResync?.());
  const roomsKey = [...rooms].sort().join('\n');

  useEffect(() => {
    const wanted = roomsKey ? roomsKey.split('\n') : [];
    if (wanted.length === 0) return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pingTimer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;

    const scheduleReconnect = () => {
      if (stopped) return;
      const base = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
      attempt += 1;
      retryTimer = setTimeout(connect, base / 2 + Math.random() * (base / 2));
    };

    function connect() {
      if (stopped) return;
      const ws = new WebSocket(socketUrl());
      socket = ws;
      const confirmed = new Set<string>();
      ws.onopen = () => {
        attempt = 0;
        for (const room of wanted) ws.send(JSON.stringify({ type: 'subscribe', room }));
        pingTimer = setInterval(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
        }, PING_EVERY_MS);
      };
      ws.onmessage = (message) => {
        let raw: unknown;
        try {
          raw = JSON.parse(String(message.data));
        } catch {
          return;
        }
        const parsed = wsServerMessage.safeParse(raw);
        if (!parsed.success) return;
        const msg = parsed.data;
        if (msg.type === 'event') handleEvent({ room: msg.room, event: msg.event, data: msg.data });
        else if (msg.type === 'subscribed' && wanted.includes(msg.room)) {
          const before = confirmed.size;
          confirmed.add(msg.room);
          if (confirmed.size > before && confirmed.size === wanted.length) handleResync();
        } else if (msg.type === 'error') console.warn('live events:', msg.code, msg.message);
      };
      ws.onclose = () => {
        clearInterval(pingTimer);
        if (socket === ws) socket = null;
        scheduleReconnect();
      };
    }

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      socket?.close();
    };
  }, [roomsKey]);
}
