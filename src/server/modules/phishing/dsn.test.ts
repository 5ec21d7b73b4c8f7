import { describe, expect, it } from 'vitest';
import { findTrainingMessageIds, parseDeliveryStatus, trainingMessageId } from './dsn';

const report = (status: string) =>
  Buffer.from(
    [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.jp',
      '',
      status,
      '--b--',
      '',
    ].join('\r\n'),
  );

describe('delivery status notifications', () => {
  it('reads each recipient: address, action, status code and the folded diagnostic', () => {
    const parsed = parseDeliveryStatus(
      report(
        [
          'Final-Recipient: rfc822; <Gone@Example.JP>',
          'Action: failed',
          'Status: 5.1.1 (user unknown)',
          'Diagnostic-Code: smtp; 550 5.1.1 no such user',
          '    here',
          '',
          'Final-Recipient: rfc822; late@example.jp',
          'Action: delayed',
          'Status: 4.4.7',
        ].join('\r\n'),
      ),
    );
    expect(parsed).toEqual([
      {
        finalRecipient: 'gone@example.jp',
        action: 'failed',
        status: '5.1.1',
        diagnostic: 'smtp; 550 5.1.1 no such user here',
      },
      { finalRecipient: 'late@example.jp', action: 'delayed', status: '4.4.7', diagnostic: null },
    ]);
  });

  it('is null for an ordinary message', () => {
    expect(
      parseDeliveryStatus(Buffer.from('Subject: hi\r\n\r\nmessage/delivery-status')),
    ).toBeNull();
  });

  it('names each training mail by its recipient in a Message-ID a bounce can quote', () => {
    const id = '0f8e2c1a-1234-4abc-8def-0123456789ab';
    const messageId = trainingMessageId(id, 'https://banso.example.jp');
    expect(messageId).toBe(`<${id}.phishing@banso.example.jp>`);
    expect(findTrainingMessageIds(Buffer.from(`Message-ID: ${messageId}\r\nX: <other@x>`))).toEqual(
      [id],
    );
  });
});
