import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadPhishingContent } from './content';
import { decodeCsv } from './import';
import { renderTrainingMail } from './render';
import { csvCell } from './results';
import { defaultScannerRules } from '../../../contracts/phishing';
import { classifyHit, compileRanges, type RecipientHistory, type TrackingHit } from './scanners';
import { inSendWindow } from './sending';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const delivered = new Date('2026-04-01T01:00:00Z');
const later = (s: number) => new Date(delivered.getTime() + s * 1000);
const opened: RecipientHistory = {
  deliveredAt: delivered,
  humanOpenAt: later(30),
  recentClicks: [],
};
const click = (over: Partial<TrackingHit> = {}): TrackingHit => ({
  kind: 'click',
  method: 'GET',
  at: later(60),
  ip: '203.0.113.5',
  userAgent: CHROME,
  ...over,
});

describe('scanner classification', () => {
  it('counts a browser click after an open as a person', () => {
    expect(classifyHit(click(), opened)).toEqual({ classification: 'human', reason: null });
  });

  it.each([
    [click({ method: 'HEAD' }), opened, 'head_request'],
    [click({ userAgent: null }), opened, 'missing_user_agent'],
    [click({ userAgent: 'Mimecast URL Protect' }), opened, 'security_gateway_agent'],
    [click({ userAgent: 'python-requests/2.31' }), opened, 'script_user_agent'],
    [
      click({ userAgent: 'Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)' }),
      opened,
      'outdated_user_agent',
    ],
    [click({ userAgent: CHROME.replace('131.0', '49.0') }), opened, 'outdated_user_agent'],
    [click({ at: later(3) }), opened, 'too_soon_after_delivery'],
    [click(), { ...opened, humanOpenAt: null }, 'click_without_open'],
    [click(), { ...opened, recentClicks: [later(55), later(57), later(58)] }, 'click_burst'],
  ])('flags %#', (hit, history, reason) => {
    expect(classifyHit(hit, history)).toEqual({ classification: 'scanner', reason });
  });

  it('takes the report link followed on delivery for a gateway, and a later one for a person', () => {
    expect(classifyHit(click({ kind: 'report', at: later(2) }), opened)).toEqual({
      classification: 'scanner',
      reason: 'too_soon_after_delivery',
    });
    const noOpen = { ...opened, humanOpenAt: null };
    expect(classifyHit(click({ kind: 'report', at: later(60) }), noOpen).classification).toBe(
      'human',
    );
  });

  it('lets a company turn the open rule off and does not apply click rules to opens', () => {
    const noOpen = { ...opened, humanOpenAt: null };
    expect(
      classifyHit(click(), noOpen, { ...defaultScannerRules, clickNeedsOpen: false })
        .classification,
    ).toBe('human');
    expect(classifyHit(click({ kind: 'open', at: later(1) }), noOpen).classification).toBe('human');
  });

  it('applies each rule only while it is on, with the company thresholds', () => {
    const soon = click({ at: later(20) });
    expect(classifyHit(soon, opened).classification).toBe('human');
    const slower = { ...defaultScannerRules, tooSoon: { enabled: true, seconds: 30 } };
    expect(classifyHit(soon, opened, slower).reason).toBe('too_soon_after_delivery');
    const off = { ...slower, tooSoon: { enabled: false, seconds: 30 } };
    expect(classifyHit(soon, opened, off).classification).toBe('human');
    const head = click({ method: 'HEAD' });
    expect(classifyHit(head, opened, { ...defaultScannerRules, headRequest: false }).reason).toBe(
      null,
    );
  });

  it('flags the hidden link, gateway ranges and one address clicking for several people', () => {
    expect(classifyHit(click({ trap: true }), opened).reason).toBe('hidden_link');
    const ranges = compileRanges(['203.0.113.0/24', '2001:db8::/32']);
    expect(classifyHit(click(), opened, defaultScannerRules, ranges).reason).toBe(
      'gateway_address_range',
    );
    expect(
      classifyHit(click({ ip: '::ffff:203.0.113.9' }), opened, defaultScannerRules, ranges).reason,
    ).toBe('gateway_address_range');
    expect(
      classifyHit(click({ ip: '2001:db8::1' }), opened, defaultScannerRules, ranges).reason,
    ).toBe('gateway_address_range');
    expect(
      classifyHit(click({ ip: '198.51.100.1' }), opened, defaultScannerRules, ranges).reason,
    ).toBe(null);

    const others = (ids: string[], s: number) =>
      ids.map((recipientId) => ({ at: later(s), recipientId }));
    // Two other people from the same address a moment ago: this would be the third, not yet four.
    expect(
      classifyHit(click(), { ...opened, sameAddressClicks: others(['a', 'b'], 55) }).reason,
    ).toBe(null);
    expect(
      classifyHit(click(), { ...opened, sameAddressClicks: others(['a', 'b', 'c'], 55) }).reason,
    ).toBe('shared_address');
    // The same people long ago do not count.
    expect(
      classifyHit(click(), { ...opened, sameAddressClicks: others(['a', 'b', 'c'], 1) }).reason,
    ).toBe(null);
    expect(() => compileRanges(['not-a-range/8'])).toThrow();
  });
});

describe('csv decoding and export cells', () => {
  it('reads UTF-8 with or without BOM and falls back to Shift_JIS', () => {
    expect(decodeCsv(Buffer.from('\uFEFF氏名', 'utf8'))).toBe('氏名');
    expect(decodeCsv(Buffer.from('氏名', 'utf8'))).toBe('氏名');
    expect(decodeCsv(iconv.encode('氏名,部署', 'cp932'))).toBe('氏名,部署');
  });

  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+81')).toBe("'+81");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('山田')).toBe('山田');
    expect(csvCell(null)).toBe('');
  });
});

describe('rendering and scheduling', () => {
  it('escapes personal values in HTML and appends the open pixel', () => {
    const mail = renderTrainingMail(
      {
        subject: '{{name}}様',
        html: '<p>{{name}} {{department}}</p><a href="{{link}}">x</a>',
        text: '{{name}} {{link}}',
        locale: 'ja',
      },
      {
        name: '<b>山田</b>',
        department: null,
        link: 'https://t.example/t/c/abc',
        reportUrl: 'https://t.example/t/r/abc',
      },
      'https://t.example/t/o/abc.png',
    );
    expect(mail.html).toContain('&lt;b&gt;山田&lt;/b&gt;');
    expect(mail.html).toMatch(/<img src="https:\/\/t\.example\/t\/o\/abc\.png"[^>]*>$/);
    expect(mail.text.split('\n')[0]).toBe('<b>山田</b> https://t.example/t/c/abc');
  });

  it('sends only inside the daily window of the campaign time zone', () => {
    const window = {
      windowStartMinute: 9 * 60,
      windowEndMinute: 18 * 60,
      timeZone: 'Asia/Tokyo',
      startAt: null,
    };
    expect(inSendWindow(window, new Date('2026-04-01T00:30:00Z'))).toBe(true); // 09:30 JST
    expect(inSendWindow(window, new Date('2026-04-01T10:00:00Z'))).toBe(false); // 19:00 JST
    expect(
      inSendWindow(
        { ...window, startAt: new Date('2026-04-02T00:00:00Z') },
        new Date('2026-04-01T00:30:00Z'),
      ),
    ).toBe(false);
  });
});

describe('template library', () => {
  it('ships at least six bilingual templates with red flags', () => {
    const library = loadPhishingContent();
    expect(library.length).toBeGreaterThanOrEqual(6);
    expect(new Set(library.map((t) => t.category))).toEqual(
      new Set([
        'invoice',
        'delivery',
        'password_expiry',
        'shared_file',
        'executive_request',
        'it_helpdesk',
      ]),
    );
    for (const t of library) {
      expect(t.ja.text).toContain('{{link}}');
      expect(t.en.html).toContain('{{link}}');
    }
  });
});
