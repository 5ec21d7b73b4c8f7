import path from 'node:path';
import { z } from 'zod';
import { parseAllowEntry } from './net/outbound-guard';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** A PostgreSQL server; without it the embedded PGlite database in BANSO_DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  BANSO_DATA_DIR: z.string().default('./data'),
  /** The address people reach the product at; used in links sent by mail. */
  BANSO_PUBLIC_URL: z.url().optional(),
  BANSO_ADMIN_EMAIL: z.email().default('operator@example.jp'),
  BANSO_ADMIN_PASSWORD: z.string().min(10).optional(),
  BANSO_DEMO: booleanFlag.default(true),
  /** Work the job queue inside the web process (default) or leave it to `npm run worker`. */
  BANSO_RUN_JOBS: booleanFlag.default(true),
  /** An SMTP relay, e.g. smtp://user:pass@mail.example.jp:587; without it the development mailbox gets every mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().default('Bansō <no-reply@banso.example.jp>'),
  BANSO_DEV_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  BANSO_COOKIE_SECURE: booleanFlag.optional(),
  BANSO_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  BANSO_TRUST_PROXY: z.string().optional(),
  /** Encrypts stored SMTP/IMAP passwords and webhook secrets; without it a key derived from the data folder is used. */
  BANSO_SECRET_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Internal hosts or ranges a company's relay, mailbox or webhook may reach, e.g. 10.1.2.0/24,mail.internal. */
  BANSO_OUTBOUND_ALLOW: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    )
    .refine(
      (entries) => entries.every((e) => parseAllowEntry(e) !== null),
      'comma-separated host names, addresses or ranges such as 10.0.0.0/8',
    ),
  /** Where `npm run tracking` listens (the public /t/... endpoints on their own). */
  BANSO_TRACKING_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  adminEmail: string;
  adminPassword: string | undefined;
  demo: boolean;
  runJobs: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  devSmtpPort: number;
  cookieSecure: boolean;
  authRateLimit: number;
  trustProxy: string | undefined;
  /** Key material for secrets kept encrypted at rest; never logged. */
  secretKey: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Internal destinations allowed for outbound connections companies configure; none by default. */
  outboundAllow: string[];
  trackingPort: number;
};

export class ConfigError extends Error {}

/** Reads the environment once; refuses to start with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.BANSO_DATA_DIR),
    publicUrl: e.BANSO_PUBLIC_URL?.replace(/\/$/, ''),
    adminEmail: e.BANSO_ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.BANSO_ADMIN_PASSWORD,
    demo: e.BANSO_DEMO,
    runJobs: e.BANSO_RUN_JOBS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    devSmtpPort: e.BANSO_DEV_SMTP_PORT,
    cookieSecure: e.BANSO_COOKIE_SECURE ?? e.BANSO_PUBLIC_URL?.startsWith('https://') ?? false,
    authRateLimit: e.BANSO_AUTH_RATE_LIMIT,
    trustProxy: e.BANSO_TRUST_PROXY,
    // A development default: stable for one data folder, so restarts can still decrypt.
    secretKey: e.BANSO_SECRET_KEY ?? `banso-development-key:${path.resolve(e.BANSO_DATA_DIR)}`,
    logLevel: e.LOG_LEVEL,
    outboundAllow: e.BANSO_OUTBOUND_ALLOW,
    trackingPort: e.BANSO_TRACKING_PORT,
  };
}
