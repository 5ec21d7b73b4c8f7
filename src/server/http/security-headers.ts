import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The security headers of every answer, as helmet would set them. Our policy has no per-request
 * part (no nonces), so helmet runs once here and its headers are reused: running its middleware
 * per request cost the tracking process a tenth of its CPU.
 */
export function securityHeaders({ hsts }: { hsts: boolean }): Readonly<Record<string, string>> {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts,
  });
  const headers: Record<string, string> = {};
  const capture = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: () => undefined,
  };
  let failure: unknown;
  middleware(
    {} as IncomingMessage,
    capture as unknown as ServerResponse,
    (err?: unknown) => void (failure = err),
  );
  if (failure) throw failure;
  return Object.freeze(headers);
}
