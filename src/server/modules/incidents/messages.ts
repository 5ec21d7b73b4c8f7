import type { Locale } from '../../../contracts/common';

const ja = {
  contactRequired: 'メールアドレスか電話番号の少なくとも一方を入力してください。',
  unknownCategory: '一覧にある分類を選んでください。',
  notAssignable: 'この会社のメンバーか担当の専門家を選んでください。',
  seenAtInvalid: '存在する日時を入力してください。',
  seenAtFuture: '未来の日時は入力できません。',
  newReportMail: {
    subject: (reference: string) =>
      `【インシデント報告】新しい報告を受け付けました（${reference}）`,
    body: (v: { organization: string; reference: string; purpose: string; url: string }) =>
      [
        `${v.organization} のインシデント報告フォームから新しい報告が届きました。`,
        '',
        `受付番号：${v.reference}`,
        `報告の目的：${v.purpose}`,
        '',
        '報告の内容と報告者の連絡先は、ログインして確認してください（このメールには記載していません）：',
        v.url,
        '',
        '早めに内容を確認し、分類と担当者を決めてください。',
      ].join('\n'),
  },
  purposes: {
    inform: '知らせたい',
    ask_for_help: '助けてほしい',
    report_suspicion: '疑いを報告したい',
    other: 'その他',
  },
};

const en: typeof ja = {
  contactRequired: 'Give an e-mail address or a telephone number, or both.',
  unknownCategory: 'Choose a category from the list.',
  notAssignable: "Choose a member of this company or the company's expert.",
  seenAtInvalid: 'Enter a date and time that exists.',
  seenAtFuture: 'The date and time cannot be in the future.',
  newReportMail: {
    subject: (reference) => `[Incident report] New report received (${reference})`,
    body: (v) =>
      [
        `A new report has arrived through the incident report form of ${v.organization}.`,
        '',
        `Confirmation number: ${v.reference}`,
        `Purpose of the report: ${v.purpose}`,
        '',
        'Sign in to read the report and the reporter’s contact details (they are not in this mail):',
        v.url,
        '',
        'Please review it soon and set its category and assignee.',
      ].join('\n'),
  },
  purposes: {
    inform: 'To let you know',
    ask_for_help: 'To ask for help',
    report_suspicion: 'To report a suspicion',
    other: 'Other',
  },
};

export type IncidentMessages = typeof ja;
export const incidentMessages = (locale: Locale): IncidentMessages => (locale === 'en' ? en : ja);
