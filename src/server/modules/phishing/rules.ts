import type { BlockList } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import {
  defaultScannerRules,
  scannerRulesSchema,
  type ScannerRules,
} from '../../../contracts/phishing';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { compileRanges } from './scanners';
import { phishingScannerSettings } from './tables';

/** The company's scanner rules, or the defaults when it has set none. */
export async function getScannerRules(db: DbOrTx, organizationId: string): Promise<ScannerRules> {
  const [row] = await db
    .select()
    .from(phishingScannerSettings)
    .where(eq(phishingScannerSettings.organizationId, organizationId));
  return row ? withDefaults(row.rules) : defaultScannerRules;
}

// Rules saved before a rule existed get that rule's default.
const withDefaults = (stored: Partial<ScannerRules>): ScannerRules => {
  const merged = { ...defaultScannerRules, ...stored };
  const parsed = scannerRulesSchema.safeParse(merged);
  return parsed.success ? parsed.data : defaultScannerRules;
};

/** Saves the company's rules; an address range Node cannot parse is refused with its index. */
export async function putScannerRules(
  db: DbOrTx,
  organizationId: string,
  rules: ScannerRules,
): Promise<ScannerRules> {
  rules.gatewayRanges.forEach((cidr, i) => {
    try {
      compileRanges([cidr]);
    } catch {
      throw new AppError('validation_failed', {
        issues: [
          {
            in: 'body',
            path: ['gatewayRanges', i],
            code: 'invalid_format',
            message: {
              ja: '192.0.2.0/24 のようなアドレス範囲で入力してください。',
              en: 'Enter an address range such as 192.0.2.0/24.',
            },
          },
        ],
      });
    }
  });
  const values = { rules, updatedAt: new Date() };
  await db
    .insert(phishingScannerSettings)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: phishingScannerSettings.organizationId, set: values });
  return rules;
}

export interface CompiledRules {
  rules: ScannerRules;
  ranges: BlockList | undefined;
}

const CACHE_MS = 5_000;

/**
 * Rules for the tracking endpoints, read at most every few seconds per company so a burst of
 * hits costs one lookup; a saved change applies within that time.
 */
export class ScannerRulesCache {
  #byOrg = new Map<string, { at: number; compiled: CompiledRules }>();
  constructor(private readonly db: DbOrTx) {}

  /** Forgets a company's rules after it saves new ones, so this process applies them at once. */
  invalidate(organizationId: string): void {
    this.#byOrg.delete(organizationId);
  }

  async forOrganizations(organizationIds: string[]): Promise<Map<string, CompiledRules>> {
    const now = Date.now();
    const stale = organizationIds.filter(
      (id) => now - (this.#byOrg.get(id)?.at ?? -Infinity) > CACHE_MS,
    );
    if (stale.length > 0) {
      const rows = await this.db
        .select()
        .from(phishingScannerSettings)
        .where(inArray(phishingScannerSettings.organizationId, stale));
      const found = new Map(rows.map((r) => [r.organizationId, withDefaults(r.rules)]));
      for (const id of stale) {
        const rules = found.get(id) ?? defaultScannerRules;
        let ranges: BlockList | undefined;
        try {
          ranges = rules.gatewayRanges.length > 0 ? compileRanges(rules.gatewayRanges) : undefined;
        } catch {
          ranges = undefined;
        }
        this.#byOrg.set(id, { at: now, compiled: { rules, ranges } });
      }
    }
    return new Map(organizationIds.map((id) => [id, this.#byOrg.get(id)!.compiled]));
  }
}
