import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded database, port 3000, ./data and the demo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      demo: true,
      adminEmail: 'operator@example.jp',
      runJobs: true,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads BANSO_DATA_DIR, BANSO_DEMO=0 and DATABASE_URL', () => {
    const config = loadConfig({
      BANSO_DATA_DIR: '/tmp/x',
      BANSO_DEMO: '0',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(config).toMatchObject({
      dataDir: '/tmp/x',
      demo: false,
      databaseUrl: 'postgres://u@h/db',
    });
  });

  it('refuses to start with every problem listed, without echoing secret values', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        BANSO_ADMIN_PASSWORD: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('BANSO_ADMIN_PASSWORD');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('short');
  });
});
