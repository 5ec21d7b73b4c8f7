/**
 * Delivery status notifications (RFC 3464): the report a mail server sends back when it could not
 * deliver a message after accepting it. The report mailbox receives them when it is also the
 * campaign's return address; they are bounces, never reports by the person.
 */

export interface DeliveryFailure {
  /** The address the failing server tried, lower-cased. */
  finalRecipient: string | null;
  action: string;
  /** The enhanced status code, e.g. 5.1.1. */
  status: string | null;
  diagnostic: string | null;
}

const STATUS_PART = /content-type:\s*message\/(?:global-)?delivery-status\b[^\n]*\n/i;

/** Header-style fields of one block, with folded lines joined; names lower-cased. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && last) {
      out.set(last, `${out.get(last)} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!m?.[1]) continue;
    last = m[1].toLowerCase();
    out.set(last, (m[2] ?? '').trim());
  }
  return out;
}

/** The per-recipient results of a DSN, or null when the message is no DSN. */
export function parseDeliveryStatus(source: Buffer): DeliveryFailure[] | null {
  const text = source.toString('utf8').replace(/\r\n/g, '\n');
  const start = STATUS_PART.exec(text);
  if (!start) return null;
  // The part's own headers end at the first blank line; its body at the next MIME boundary.
  const afterHeaders = text.indexOf('\n\n', start.index);
  if (afterHeaders < 0) return null;
  const rest = text.slice(afterHeaders + 2);
  const boundary = rest.search(/^--\S/m);
  const body = boundary < 0 ? rest : rest.slice(0, boundary);
  const blocks = body
    .split(/\n[ \t]*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  // The first block is about the message; each further block is one recipient.
  return blocks.slice(1).map((block) => {
    const f = fields(block);
    const address = (value: string | undefined) =>
      value
        ?.replace(/^[^;]*;/, '')
        .trim()
        .replace(/^<|>$/g, '')
        .toLowerCase() || null;
    return {
      finalRecipient: address(f.get('final-recipient') ?? f.get('original-recipient')),
      action: (f.get('action') ?? '').toLowerCase(),
      status: /\d\.\d{1,3}\.\d{1,3}/.exec(f.get('status') ?? '')?.[0] ?? null,
      diagnostic: f.get('diagnostic-code') ?? null,
    };
  });
}

// The Message-ID the sending gives each training mail names its recipient.
const TRAINING_MESSAGE_ID =
  /<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.phishing@[^>\s]+>/gi;

/** The Message-ID of the training mail to this recipient, sent from this base address. */
export const trainingMessageId = (recipientId: string, baseUrl: string) =>
  `<${recipientId}.phishing@${new URL(baseUrl).hostname || 'banso.invalid'}>`;

/** The recipients named by training Message-IDs quoted in a message (e.g. a DSN's original headers). */
export function findTrainingMessageIds(source: Buffer): string[] {
  const ids = new Set<string>();
  for (const m of source.toString('utf8').matchAll(TRAINING_MESSAGE_ID)) {
    if (m[1]) ids.add(m[1].toLowerCase());
  }
  return [...ids];
}
