import { useEffect, useEffectEvent } from 'react';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import {
  eventListView,
  exerciseEvent,
  feedbackFormView,
  responseAck,
  seatView,
  type ExerciseEvent,
  type FeedbackRequest,
  type SeatResponseRequest,
} from '../../../../contracts/exercises';
import { wsServerMessage } from '../../../../contracts/operations';
import { ApiError } from '../../../api/client';
import i18n, { currentLocale } from '../../../i18n';

// A seat has no account: every call carries the seat token from the invitation link and a device
// secret this browser made when it first opened the link, so a copied link cannot take over a seat
// someone already sits in.

export interface SeatCredentials {
  token: string;
  device: string;
}

const storageKey = (token: string, what: string) => `banso.seat.${token.slice(0, 16)}.${what}`;

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeStorage(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage disabled: the seat still works while the page stays open.
  }
}

/** This browser's secret for the seat, made once and kept so a reload returns to the same seat. */
export function deviceSecretFor(token: string): string {
  const key = storageKey(token, 'device');
  const existing = readStorage(key);
  if (existing && /^[A-Za-z0-9_-]{22,128}$/.test(existing)) return existing;
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const secret = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  writeStorage(key, secret);
  return secret;
}

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

async function seatRequest<S extends z.ZodType>(
  path: string,
  creds: SeatCredentials,
  schema: S,
  init: { method?: 'GET' | 'POST'; body?: unknown; headers?: boolean } = {},
): Promise<z.output<S>> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLocale(),
  };
  if (init.headers !== false) {
    headers['x-seat-token'] = creds.token;
    headers['x-seat-device'] = creds.device;
  }
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(init.body ?? {}),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('errors.network'));
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const parsed = errorBody.safeParse(json);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(response.status, code, message, details);
    }
    throw new ApiError(response.status, 'bad_response', i18n.t('errors.unexpected'));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiError(response.status, 'bad_response', i18n.t('errors.unexpected'));
  return parsed.data;
}

export type Seat = z.infer<typeof seatView>;
export type FeedbackForm = z.infer<typeof feedbackFormView>;

export const claimSeat = (creds: SeatCredentials) =>
  seatRequest('/api/exercise-seat/claim', creds, seatView, {
    method: 'POST',
    body: { token: creds.token, deviceSecret: creds.device },
    headers: false,
  });
export const getSeat = (creds: SeatCredentials) =>
  seatRequest('/api/exercise-seat', creds, seatView);
export const getSeatEvents = (creds: SeatCredentials, after: number) =>
  seatRequest(`/api/exercise-seat/events?after=${after}`, creds, eventListView);
export const postSeatResponse = (creds: SeatCredentials, body: SeatResponseRequest) =>
  seatRequest('/api/exercise-seat/responses', creds, responseAck, { method: 'POST', body });
export const getSeatFeedback = (creds: SeatCredentials) =>
  seatRequest('/api/exercise-seat/feedback', creds, feedbackFormView);
export const postSeatFeedback = (creds: SeatCredentials, body: FeedbackRequest) =>
  seatRequest('/api/exercise-seat/feedback', creds, okResponse, { method: 'POST', body });

// ---- the outbox: answers not yet acknowledged survive a reload or a lost network ----

export interface OutboxItem extends SeatResponseRequest {
  /** When the participant pressed send (for display). */
  queuedAt: string;
}

export function readOutbox(token: string): OutboxItem[] {
  const raw = readStorage(storageKey(token, 'outbox'));
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as OutboxItem[]) : [];
  } catch {
    return [];
  }
}

export function writeOutbox(token: string, items: OutboxItem[]): void {
  writeStorage(storageKey(token, 'outbox'), items.length ? JSON.stringify(items) : null);
}

/** Whether an error means "try again later" (network, overload) rather than "this will never work". */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

// ---- real time ----

const MAX_DELAY_MS = 15_000;

/**
 * The seat's own WebSocket (it has no session cookie). Calls onEvent for each exercise event and
 * onConnect after every (re)connection, when the page should catch up on what it missed.
 */
export function useSeatSocket(
  creds: SeatCredentials | null,
  onEvent: (event: ExerciseEvent) => void,
  onConnect: () => void,
  onStatus?: (online: boolean) => void,
): void {
  const handleEvent = useEffectEvent(onEvent);
  const handleConnect = useEffectEvent(onConnect);
  const handleStatus = useEffectEvent((online: boolean) => onStatus?.(online));
  const token = creds?.token ?? '';
  const device = creds?.device ?? '';

  useEffect(() => {
    if (!token || !device) return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pingTimer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${window.location.host}/api/exercise-seat/ws?token=${encodeURIComponent(token)}&device=${encodeURIComponent(device)}`;

    const scheduleReconnect = () => {
      if (stopped) return;
      const base = Math.min(MAX_DELAY_MS, 500 * 2 ** attempt);
      attempt += 1;
      retryTimer = setTimeout(connect, base / 2 + Math.random() * (base / 2));
    };

    function connect() {
      if (stopped) return;
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        handleStatus(true);
        handleConnect();
        pingTimer = setInterval(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
        }, 25_000);
      };
      ws.onmessage = (message) => {
        let raw: unknown;
        try {
          raw = JSON.parse(String(message.data));
        } catch {
          return;
        }
        const msg = wsServerMessage.safeParse(raw);
        if (!msg.success || msg.data.type !== 'event') return;
        const event = exerciseEvent.safeParse(msg.data.data);
        if (event.success) handleEvent(event.data);
      };
      ws.onclose = () => {
        clearInterval(pingTimer);
        if (socket === ws) socket = null;
        handleStatus(false);
        scheduleReconnect();
      };
    }

    // The browser tells us when the network comes back; reconnect at once instead of waiting.
    const online = () => {
      if (!socket) {
        clearTimeout(retryTimer);
        attempt = 0;
        connect();
      }
    };
    window.addEventListener('online', online);
    connect();
    return () => {
      stopped = true;
      window.removeEventListener('online', online);
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      socket?.close();
    };
  }, [token, device]);
}
