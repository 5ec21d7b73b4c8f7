// The test IMAP server ships no types; the tests use only these.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';
  interface HoodiecrowOptions {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, unknown>;
  }
  interface HoodiecrowServer {
    server: Server;
    listen(port: number, callback: () => void): void;
    close(callback: () => void): void;
  }
  export default function hoodiecrow(options: HoodiecrowOptions): HoodiecrowServer;
}
