import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx, SheetReadError } from '../modules/assets/spreadsheet';
import { craftZip } from '../testing/zip';
import { zipArchiveProblem } from './zip-limits';

const MB = 1024 * 1024;

async function realWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('対象者');
  sheet.addRow(['氏名', 'メールアドレス']);
  for (let i = 0; i < 2000; i++) sheet.addRow([`社員 ${i}`, `user${i}@example.jp`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('unpacked size of uploaded archives', () => {
  it('lets a real workbook and an honest small archive through', async () => {
    expect(zipArchiveProblem(await realWorkbook())).toBeNull();
    expect(
      zipArchiveProblem(
        craftZip([
          { name: 'a.xml', data: Buffer.from('<a/>'.repeat(100)) },
          { name: 'b.bin', data: Buffer.from('stored as is'), stored: true },
        ]),
      ),
    ).toBeNull();
  });

  it('refuses an archive whose entries unpack to more than the limit', () => {
    const zip = craftZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30 * MB, 'a') },
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(30 * MB, 'b') },
    ]);
    expect(zip.length).toBeLessThan(1 * MB);
    expect(zipArchiveProblem(zip)).toEqual({ kind: 'too_large', unpackedBytes: 60 * MB });
    // The same archive is fine under a higher limit, apart from how tightly it packs.
    expect(zipArchiveProblem(zip, 100 * MB)?.kind).toBe('zip_bomb');
  });

  it('refuses an entry that packs like a zip bomb even under the limit', () => {
    const zip = craftZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * MB) }]);
    expect(zipArchiveProblem(zip)).toEqual({ kind: 'zip_bomb', entry: 'xl/worksheets/sheet1.xml' });
  });

  it('catches a directory that understates an entry, without unpacking past its claim', () => {
    const zip = craftZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(40 * MB), declared: 1000 },
    ]);
    expect(zipArchiveProblem(zip)).toEqual({ kind: 'zip_bomb', entry: 'xl/worksheets/sheet1.xml' });
  });

  it('calls a truncated or inconsistent archive malformed', () => {
    const zip = craftZip([{ name: 'a.xml', data: Buffer.from('<a/>') }]);
    expect(zipArchiveProblem(zip.subarray(0, zip.length - 10))).toEqual({ kind: 'malformed' });
    expect(zipArchiveProblem(Buffer.from('PK\x03\x04 not really a zip'))).toEqual({
      kind: 'malformed',
    });
    const overstated = craftZip([{ name: 'a.xml', data: Buffer.from('<a/>'), declared: 50 }]);
    expect(zipArchiveProblem(overstated)).toEqual({ kind: 'malformed' });
  });

  it('is checked by the shared spreadsheet reader, so every Excel import gets it', async () => {
    const bomb = craftZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * MB) }]);
    const error = await readXlsx(bomb).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SheetReadError);
    expect((error as SheetReadError).problem).toEqual({ kind: 'archive_too_large' });
    expect((await readXlsx(await realWorkbook())).length).toBe(2001);
  });
});
