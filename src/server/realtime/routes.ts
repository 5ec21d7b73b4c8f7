import type { Api, AppContext } from '../app-context';
import { AppError } from '../http/errors';

export function registerRealtimeRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/api/ws',
    {
      websocket: true,
      config: { access: 'user' },
      schema: { hide: true },
      // Browsers send cookies on cross-site WebSocket handshakes: only our own pages may open one.
      preValidation: async (request) => {
        const origin = request.headers.origin;
        if (origin && new URL(origin).host !== request.host) throw new AppError('forbidden');
      },
    },
    (socket, request) => ctx.realtime.attach(socket, request.principal!),
  );
}
