import type { ErrorCode, Locale } from '../../contracts/common';

const errorMessages: Record<Locale, Record<ErrorCode, string>> = {
  ja: {
    validation_failed: '入力内容に誤りがあります。項目を確認してください。',
    invalid_json: 'リクエストの形式（JSON）が正しくありません。',
    payload_too_large: '送信されたデータが大きすぎます。',
    unsupported_media_type: 'この形式のデータは受け付けていません。',
    unauthenticated: 'ログインしてください。',
    session_expired: 'セッションの有効期限が切れました。もう一度ログインしてください。',
    forbidden: 'この操作を行う権限がありません。',
    not_found: '対象が見つかりません。',
    conflict: '同じ内容がすでに登録されています。',
    csrf_invalid: 'ページの有効期限が切れました。再読み込みしてからやり直してください。',
    rate_limited: '試行回数が多すぎます。しばらく待ってからやり直してください。',
    invalid_credentials: 'メールアドレスまたはパスワードが正しくありません。',
    totp_required: '認証アプリに表示される6桁のコードを入力してください。',
    totp_invalid: '確認コードが正しくありません。',
    invitation_invalid: 'この招待リンクは無効か、有効期限が切れています。',
    reset_token_invalid: 'このパスワード再設定リンクは無効か、有効期限が切れています。',
    password_incorrect: '現在のパスワードが正しくありません。',
    last_admin: '最後の管理者は削除・変更できません。先に別の管理者を指定してください。',
    assessment_locked: '提出済みのため変更できません。変更するには再開してください。',
    assessment_not_submitted: 'この診断はまだ提出されていません。提出後にレビュー・再開できます。',
    smtp_failed: 'メールサーバー（SMTP）が要求を拒否しました。サーバーの応答を確認してください。',
    imap_failed:
      '受信メールサーバー（IMAP）に接続できませんでした。サーバーの応答を確認してください。',
    document_kind_unavailable: 'この種類の文書はまだ作成できません（元になる機能がありません）。',
    document_section_not_editable: 'この節は自動で作成される部分のため、書き換えられません。',
    document_status_invalid: '文書の現在の状態では、この操作はできません。画面を更新してください。',
    document_subject_invalid:
      '演習の文書は演習ごとに作られます。どの演習の文書かを指定してください（会社の文書には指定しません）。',
    exercise_seat_invalid:
      'この参加リンクは無効です。ファシリテーターに新しいリンクを依頼してください。',
    exercise_seat_taken:
      'この参加リンクは別の端末ですでに使われています。ファシリテーターにリンクの再発行を依頼してください。',
    exercise_seat_expired:
      'この参加リンクは有効期限が切れています。ファシリテーターに再発行を依頼してください。',
    exercise_closed: 'この演習はすでに終了しているため、受け付けられません。',
    exercise_state_invalid: '演習の現在の状態ではこの操作はできません。画面を更新してください。',
    exercise_facilitator_only: 'この操作は演習のファシリテーターだけが行えます。',
    exercise_evaluator_only: '評価はこの演習の評価者だけが入力できます。',
    exercise_too_many_messages: '短時間に送信が多すぎます。少し待ってから送ってください。',
    exercise_inject_unavailable:
      'この状況付与はまだ配信されていないか、あなたの役割宛てではありません。',
    internal: 'サーバーでエラーが発生しました。時間をおいて再度お試しください。',
    outbound_refused:
      'この接続先は社内ネットワーク・ループバックなどの内部アドレスのため使えません。インターネット上のサーバーを指定してください（運営者が BANSO_OUTBOUND_ALLOW で許可した場合を除く）。',
  },
  en: {
    validation_failed: 'Some of the input is not valid. Please check the fields.',
    invalid_json: 'The request body is not valid JSON.',
    payload_too_large: 'The request is too large.',
    unsupported_media_type: 'This content type is not accepted.',
    unauthenticated: 'Please sign in.',
    session_expired: 'Your session has expired. Please sign in again.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'Not found.',
    conflict: 'This already exists.',
    csrf_invalid: 'This page has expired. Reload it and try again.',
    rate_limited: 'Too many attempts. Please wait a moment and try again.',
    invalid_credentials: 'The e-mail address or password is incorrect.',
    totp_required: 'Enter the 6-digit code from your authenticator app.',
    totp_invalid: 'The verification code is incorrect.',
    invitation_invalid: 'This invitation link is invalid or has expired.',
    reset_token_invalid: 'This password reset link is invalid or has expired.',
    password_incorrect: 'The current password is incorrect.',
    last_admin: 'The last administrator cannot be removed or demoted. Appoint another one first.',
    assessment_locked:
      'This assessment has been submitted and is locked. Reopen it to make changes.',
    assessment_not_submitted:
      'This assessment has not been submitted yet; it can be reviewed or reopened once submitted.',
    smtp_failed: 'The mail server (SMTP) refused the request. See its reply for the reason.',
    imap_failed: 'The incoming mail server (IMAP) could not be used. See its reply for the reason.',
    document_kind_unavailable:
      'This kind of document cannot be generated here (its module is not installed).',
    document_section_not_editable:
      'This section is generated from your data and cannot be rewritten.',
    document_status_invalid: 'The document is not in a state that allows this. Please reload.',
    document_subject_invalid:
      "Exercise documents belong to one exercise: say which one (the company's own documents take none).",
    exercise_seat_invalid: 'This seat link is not valid. Ask the facilitator for a new one.',
    exercise_seat_taken:
      'This seat link is already in use on another device. Ask the facilitator to reissue it.',
    exercise_seat_expired: 'This seat link has expired. Ask the facilitator to reissue it.',
    exercise_closed: 'This exercise has ended; nothing more can be submitted.',
    exercise_state_invalid: 'The exercise is not in a state that allows this. Please reload.',
    exercise_facilitator_only: 'Only the exercise facilitator can do this.',
    exercise_evaluator_only: "Only this exercise's evaluators can record ratings.",
    exercise_too_many_messages:
      'Too many submissions in a short time. Wait a moment and send again.',
    exercise_inject_unavailable:
      'This inject has not been released yet or is not addressed to your role.',
    internal: 'Something went wrong on the server. Please try again later.',
    outbound_refused:
      'This destination is an internal address (loopback, private or link-local network) and cannot be used. Give a server on the internet, unless the operator allows it with BANSO_OUTBOUND_ALLOW.',
  },
};

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return errorMessages[locale][code];
}

/** Picks ja or en from an Accept-Language header; Japanese unless English is preferred. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('ja')) return 'ja';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}

type MailTexts = { subject: string; body: (vars: Record<string, string>) => string };

export const mailTexts: Record<Locale, Record<'invitation' | 'passwordReset', MailTexts>> = {
  ja: {
    invitation: {
      subject: '【Bansō】招待が届いています',
      body: (v) =>
        `${v.inviter} さんから、Bansō の「${v.organization}」に招待されました。\n\n` +
        `次のリンクから名前とパスワードを設定して参加してください（有効期限: ${v.expires}）。\n${v.link}\n\n` +
        'お心当たりがない場合は、このメールを破棄してください。',
    },
    passwordReset: {
      subject: '【Bansō】パスワード再設定のご案内',
      body: (v) =>
        'パスワード再設定の依頼を受け付けました。\n\n' +
        `次のリンクから新しいパスワードを設定してください（有効期限: ${v.expires}）。\n${v.link}\n\n` +
        'ご依頼に心当たりがない場合は、このメールを破棄してください。パスワードは変更されません。',
    },
  },
  en: {
    invitation: {
      subject: '[Bansō] You have been invited',
      body: (v) =>
        `${v.inviter} has invited you to join "${v.organization}" on Bansō.\n\n` +
        `Set your name and password at the link below (valid until ${v.expires}).\n${v.link}\n\n` +
        'If you did not expect this, you can ignore this e-mail.',
    },
    passwordReset: {
      subject: '[Bansō] Reset your password',
      body: (v) =>
        'We received a request to reset your password.\n\n' +
        `Set a new password at the link below (valid until ${v.expires}).\n${v.link}\n\n` +
        'If you did not ask for this, ignore this e-mail; your password stays unchanged.',
    },
  },
};
