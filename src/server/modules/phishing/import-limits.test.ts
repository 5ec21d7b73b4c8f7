import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { craftZip } from '../../testing/zip';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let app: TestApp;
let minato: string;
let admin: TestClient;
beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
});
afterAll(() => app.close());

describe('Excel target lists are capped by their unpacked size', () => {
  it('refuses a small upload that would unpack to gigabytes, in the user’s language, importing nothing', async () => {
    const base = `/api/orgs/${minato}/phishing`;
    const groupId = (await admin.post(`${base}/groups`, { name: '展開上限' })).json().id as string;
    // 60 MB of a single repeated byte packs into some 60 kB; its directory tells the truth.
    const bomb = craftZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024, 'a') },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    // A directory that claims a few bytes for the same 60 MB is caught as well.
    const liar = craftZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024), declared: 4096 },
    ]);
    for (const file of [bomb, liar]) {
      const response = await app.http.inject({
        method: 'POST',
        url: `${base}/groups/${groupId}/import`,
        headers: {
          'content-type': XLSX,
          cookie: admin.cookie!,
          'x-csrf-token': admin.csrf!,
        },
        payload: file,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues).toEqual([
        expect.objectContaining({
          code: 'archive_too_large',
          message: expect.stringContaining('展開後の大きさが上限（50MB）を超える'),
        }),
      ]);
    }
    expect((await admin.get(`${base}/groups/${groupId}/targets`)).json().targets).toEqual([]);
  });
});
