import net from 'node:net';

/** One request of a closed-loop load: what to send, and the value told back with its answer. */
export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  /** Complete answers, whatever their status. */
  responses: number;
  non2xx: number;
  /** Connections that failed or closed mid-answer; each is opened again. */
  errors: number;
  latencyMs: { p50: number; p99: number; max: number };
}

// Latencies are counted in 0.1 ms buckets up to 60 s; a slower answer counts in the last one.
const BUCKET_MS = 0.1;
const BUCKETS = 600_000;

/**
 * A closed-loop HTTP/1.1 load: `connections` keep-alive connections, each sending its next GET
 * only once the previous answer is complete, for `durationS` seconds. Written for the tracking
 * bench because autocannon, rebuilding every request, used as much CPU as the server it measured
 * on this 2-core machine. Reads answers framed by Content-Length only, which is what the
 * server sends.
 */
export async function closedLoopLoad(options: {
  port: number;
  connections: number;
  durationS: number;
  next: () => { request: LoadRequest; onAnswer: (status: number) => void };
}): Promise<LoadResult> {
  const histogram = new Uint32Array(BUCKETS);
  const result = { responses: 0, non2xx: 0, errors: 0 };
  const stopAt = performance.now() + options.durationS * 1000;

  const connection = () =>
    new Promise<void>((done) => {
      let socket: net.Socket;
      let buffered: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let onAnswer: (status: number) => void = () => undefined;
      let expecting = false;

      const send = () => {
        if (performance.now() >= stopAt) {
          socket.end();
          done();
          return;
        }
        const next = options.next();
        onAnswer = next.onAnswer;
        let head = `GET ${next.request.path} HTTP/1.1\r\nhost: 127.0.0.1:${options.port}\r\n`;
        for (const [name, value] of Object.entries(next.request.headers)) {
          head += `${name}: ${value}\r\n`;
        }
        expecting = true;
        sentAt = performance.now();
        socket.write(`${head}\r\n`);
      };

      const open = () => {
        buffered = Buffer.alloc(0);
        socket = net.connect(options.port, '127.0.0.1', send);
        socket.setNoDelay(true);
        socket.on('data', (chunk: Buffer) => {
          buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
          for (;;) {
            const end = buffered.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buffered.subarray(0, end).toString('latin1');
            const length = /\r\ncontent-length: *(\d+)/i.exec(head);
            if (!length) throw new Error(`an answer without Content-Length: ${head}`);
            const total = end + 4 + Number(length[1]);
            if (buffered.length < total) return;
            buffered = buffered.subarray(total);
            const status = Number(head.slice(9, 12));
            const ms = performance.now() - sentAt;
            histogram[Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS))]!++;
            result.responses++;
            if (status < 200 || status > 299) result.non2xx++;
            expecting = false;
            onAnswer(status);
            send();
          }
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
          if (!expecting) return;
          // Closed before the answer was complete: counted, and the connection opened again.
          result.errors++;
          if (performance.now() < stopAt) open();
          else done();
        });
      };
      open();
    });

  await Promise.all(Array.from({ length: options.connections }, connection));

  const quantile = (q: number) => {
    const wanted = Math.ceil(result.responses * q);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += histogram[i]!;
      if (seen >= wanted) return Math.round((i + 1) * BUCKET_MS * 10) / 10;
    }
    return Infinity;
  };
  let max = 0;
  for (let i = BUCKETS - 1; i >= 0; i--) {
    if (histogram[i]! > 0) {
      max = Math.round((i + 1) * BUCKET_MS * 10) / 10;
      break;
    }
  }
  return { ...result, latencyMs: { p50: quantile(0.5), p99: quantile(0.99), max } };
}
