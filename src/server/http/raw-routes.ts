import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answers a request itself and returns true, or returns false to leave it to Fastify. It must
 * decide synchronously; the answer may follow later.
 */
export type RawHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Endpoints served without Fastify's per-request pipeline, for traffic where that pipeline is
 * most of the cost (the tracking links of a large campaign). The HTTP server offers each request
 * to them first; `inject` in tests reaches them through a hook at the start of Fastify's pipeline,
 * so both paths run the same handler.
 */
export class RawRoutes {
  readonly #handlers: { prefix: string; handle: RawHandler }[] = [];

  constructor(
    /** The headers every answer of the server carries (see security-headers.ts). */
    readonly securityHeaders: Readonly<Record<string, string>>,
    /** The client's address, read with the server's trusted proxies. */
    readonly clientAddress: (request: IncomingMessage) => string | undefined,
  ) {}

  /** `handle` is offered the requests whose path starts with `prefix`. */
  add(prefix: string, handle: RawHandler): void {
    this.#handlers.push({ prefix, handle });
  }

  dispatch(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    for (const { prefix, handle } of this.#handlers) {
      if (url.startsWith(prefix) && handle(request, response)) return true;
    }
    return false;
  }
}
