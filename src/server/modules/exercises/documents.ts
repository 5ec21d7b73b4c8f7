import type {
  AarView,
  CheckpointScoreView,
  ExerciseDetail,
  ExerciseRole,
  HseepRating,
  InjectContentView,
  TrendView,
} from '../../../contracts/exercises';
import type {
  DocumentBlock,
  DocumentKind,
  DocumentSection,
  GeneratedDocument,
} from '../../../contracts/documents';
import type { AppContext } from '../../app-context';
import { AppError } from '../../http/errors';
import { registerDocumentKind, type DocumentLanguage } from '../documents/kinds';
import { getOrganization } from '../organizations/service';
import { checkpointTrend, getAfterActionReport, scoreChartSvg } from './aar';
import { loadExerciseContent, type CheckpointContent } from './scenario';
import { getExercisePlan } from './service';

// The exercise document set (explanation, situation manual, facilitator and evaluator handbook,
// participant feedback form, after-action report), built from one exercise of the company. The
// builders are pure: the generators registered with the documents module load the exercise through
// the exercises service and hand it over.

type Lang = DocumentLanguage;
type L = { ja: string; en: string };

export interface FeedbackQuestionContent {
  id: string;
  text: L;
  kind: 'scale' | 'free';
  max?: number;
  minLabel?: L;
  maxLabel?: L;
}

/** Everything the documents need about one exercise. */
export interface ExerciseDocumentInput {
  companyName: string;
  exercise: ExerciseDetail;
  checkpoints: readonly CheckpointContent[];
  feedbackQuestions: readonly FeedbackQuestionContent[];
  /** Only for the after-action report. */
  aar?: AarView;
  chartSvg?: string;
  trend?: TrendView;
}

const roleNames: Record<ExerciseRole, L> = {
  executive: { ja: '経営層', en: 'Executive' },
  csirt: { ja: 'CSIRT', en: 'CSIRT' },
  it: { ja: '情報システム', en: 'IT' },
  legal: { ja: '法務', en: 'Legal' },
  pr: { ja: '広報', en: 'PR' },
  hr: { ja: '人事', en: 'HR' },
  finance: { ja: '経理・財務', en: 'Finance' },
  sales: { ja: '営業', en: 'Sales' },
  'general-affairs': { ja: '総務', en: 'General affairs' },
  helpdesk: { ja: 'ヘルプデスク', en: 'Help desk' },
  'maintenance-vendor': { ja: '保守委託先', en: 'Maintenance vendor' },
  'cloud-provider': { ja: 'クラウド事業者', en: 'Cloud provider' },
  regulator: { ja: '監督官庁・委員会', en: 'Regulator' },
  press: { ja: '報道機関', en: 'Press' },
  customer: { ja: '顧客', en: 'Customer' },
  police: { ja: '警察', en: 'Police' },
  insurer: { ja: '保険会社', en: 'Insurer' },
  bank: { ja: '銀行・決済', en: 'Bank / payments' },
};

const hseepNames: Record<HseepRating, L> = {
  performed: { ja: '実施できた', en: 'Performed' },
  some_challenges: { ja: '一部課題あり', en: 'Some challenges' },
  major_challenges: { ja: '大きな課題あり', en: 'Major challenges' },
  unable: { ja: '実施できなかった', en: 'Unable to perform' },
};

const hseepMeaning: Record<HseepRating, L> = {
  performed: {
    ja: '期待される対応を、課題なく実施できた。',
    en: 'The expected actions were carried out without problems.',
  },
  some_challenges: {
    ja: '実施できたが、改善すべき点が見つかった。業務や対応への影響は小さい。',
    en: 'Carried out, but with points to improve; little effect on the response.',
  },
  major_challenges: {
    ja: '実施はしたが、対応の遅れや誤りなど大きな課題があり、実際の事故では被害を広げうる。',
    en: 'Attempted, but with delays or errors that would worsen a real incident.',
  },
  unable: {
    ja: '期待される対応を実施できなかった、または誰が行うかが決まっていなかった。',
    en: 'Not carried out, or nobody knew who should do it.',
  },
};

const mediumNames: Record<string, L> = {
  email: { ja: 'メール', en: 'E-mail' },
  'ransom-note': { ja: '身代金要求', en: 'Ransom note' },
  'phone-call': { ja: '電話', en: 'Phone call' },
  'news-enquiry': { ja: '報道の問い合わせ', en: 'Press enquiry' },
  chat: { ja: 'チャット', en: 'Chat' },
  'system-alert': { ja: 'システム表示', en: 'System alert' },
  document: { ja: '資料', en: 'Document' },
  'social-post': { ja: 'SNS投稿', en: 'Social media post' },
};

const timelineNames: Record<string, L> = {
  started: { ja: '開始', en: 'Started' },
  paused: { ja: '一時停止', en: 'Paused' },
  resumed: { ja: '再開', en: 'Resumed' },
  closed: { ja: '終了', en: 'Closed' },
  released: { ja: '状況付与の配信', en: 'Inject released' },
  skipped: { ja: '状況付与の見送り', en: 'Inject not released' },
  answer: { ja: '回答', en: 'Answer' },
  decision: { ja: '判断', en: 'Decision' },
  rating: { ja: '評価', en: 'Rating' },
  evidence: { ja: '評価の根拠', en: 'Evidence' },
};

const m = {
  ja: {
    explanationTitle: '机上演習説明資料',
    manualTitle: '状況説明書（参加者用）',
    handbookTitle: '進行役・評価者ハンドブック',
    feedbackTitle: '参加者アンケート',
    aarTitle: '机上演習 事後報告書',
    company: '企業名',
    exercise: '演習名',
    scenario: 'シナリオ',
    scheduledAt: '実施日時',
    location: '場所',
    mode: '実施方法',
    facilitator: '進行役',
    duration: '所要時間',
    minutes: (n: number) => `約${n}分`,
    notSet: '未定',
    none: 'なし',
    modes: { online: '各自の端末で参加（座席リンク）', in_room: '会議室でプロジェクター1台' },
    background: '背景と必要性',
    backgroundDefault:
      'サイバー攻撃や情報漏えいは、規模を問わずどの会社にも起こりえます。事故の際に被害を小さくできるかは、誰が判断し、誰に連絡し、何から手をつけるかが事前に決まっていて、それが実際に機能するかどうかにかかっています。机上演習では、架空の事故の流れに沿って関係者が集まり、決めてきた体制や手順を声に出して動かしてみることで、文書だけでは見えない抜けや思い込みを見つけます。',
    overview: '演習の概要',
    objectives: '演習の目的',
    nextSteps: '演習後の次のステップ',
    nextStepsItems: [
      '評価者の評価と参加者の回答から事後報告書を作り、良かった点と課題を確認する。',
      '課題ごとに改善策を決め、担当と期限をつけて改善計画に登録する。',
      '改善策ごとに、次回の演習で確かめるための状況付与（再テスト）を用意する。',
      '改善が進んだら、別のシナリオまたは同じシナリオで再び演習を行い、評価の推移を確かめる。',
    ],
    scope: '範囲とシナリオ',
    scopeLabel: '演習の範囲',
    scenarioSummary: 'シナリオの概要',
    attackerSteps: '攻撃者の手順',
    no: 'No',
    item: '項目',
    step: '攻撃者の手順',
    timetable: 'タイムテーブル',
    time: '時間',
    phase: 'フェーズ',
    purpose: 'ねらい',
    checkpoints: '演習の確認観点',
    checkpoint: '確認観点',
    description: '内容',
    preparation: '演習準備資料',
    preparationIntro: '当日は次の資料を手元に用意し、必要な場面で開けるようにしてください。',
    preparationItems: [
      'インシデント対応フロー（またはIT-BCP）',
      '社内外の連絡先一覧（緊急連絡網）',
      'システム構成図・情報資産台帳',
      '外部委託先との契約書・保守手順書',
      '関係する社内規程（情報セキュリティ方針、個人情報の取扱い等）',
    ],
    preparationNotes: '事前準備のメモ',
    participants: '参加者',
    role: '役割',
    name: '氏名',
    affiliation: '所属',
    noParticipants: '参加者がまだ登録されていません。',
    missingSchedule: '実施日時が決まっていません。',
    missingParticipants: '参加者が登録されていません。',
    missingEvaluators: '評価者が決まっていません。',
    manualIntro: 'はじめに',
    manualIntroText:
      'この資料は演習に参加する皆さんのための説明書です。演習は試験ではありません。正解を当てることよりも、自社の体制と手順で実際に対応できるかを一緒に確かめることが目的です。',
    groundRules: '演習の進め方と約束事',
    groundRulesItems: [
      '自分の役割の立場で、普段の業務のつもりで考え、発言してください。',
      '状況付与（届くメールや電話など）は演習用の架空のものです。実際の連絡先には連絡しないでください。',
      '分からないこと・決まっていないことは、その場で「決まっていない」と言ってください。それ自体が大切な発見です。',
      '判断したことは、理由とともに座席画面（または進行役）に記録してください。',
      '時間は進行役が管理します。演習の時計は一時停止中は止まります。',
      '誰かの責任を追及する場ではありません。見つかった課題は会社の改善につなげます。',
    ],
    seatHow: '座席画面の使い方',
    seatHowOnline: [
      '進行役から渡された座席リンク（またはQRコード）を自分の端末で開いてください。アカウントは不要です。',
      '自分の役割あての状況付与が届くと画面に表示されます。問いかけには回答を送ってください。',
      '通信が切れても回答は端末に保存され、接続が戻ると自動で送られます。再読み込みしても続きから参加できます。',
      'リンクは一人ひとり専用です。他の人に渡さないでください。',
    ],
    seatHowInRoom: [
      'この演習は会議室のプロジェクター1台で行います。状況付与は画面に映されます。',
      '回答や判断は口頭で述べてください。進行役が役割ごとに記録します。',
    ],
    rolesInPlay: '演習に登場する役割',
    outside: '（社外の関係者：進行役または担当者が演じます）',
    whatGoodLooksLike: '評価の観点（何ができればよいか）',
    handbookIntro: 'このハンドブックについて',
    handbookIntroText:
      '進行役と評価者のための資料です。状況付与の内容、期待される対応、評価の基準を含むため、参加者には配らないでください。',
    facilitatorGuide: '進行役の手順',
    facilitatorItems: [
      '開始前：参加者の座席リンクを発行し、全員が座席画面を開けたことを確かめる（会議室モードではプロジェクター表示を映す）。',
      '冒頭：演習の目的、進め方、約束事を説明し、架空の事故であることを確認する。',
      '進行中：状況付与は予定時刻に自動で配信される。議論が長引くときは一時停止し、必要なら手動で配信する。',
      '進行中：分岐のある問いかけは、参加者の選んだ答えによって次の状況付与が変わる。手動配信は分岐を無視する。',
      '終了：演習を終了すると回答の受付が止まり、参加者にアンケートが表示される。',
      '終了後：評価者とふり返りを行い、事後報告書を作成して改善策を改善計画に送る。',
    ],
    evaluatorGuide: '評価者の手順',
    evaluatorItems: [
      '担当する確認観点について、参加者の発言・判断・記録を観察する。',
      '観察したことは、きっかけとなった状況付与に結びつけて根拠として記録する（時刻は自動で記録される）。',
      '演習の終わりに、各確認観点を下の4段階で評価する。評価には必ず根拠を添える。',
    ],
    scale: '評価の尺度（HSEEP）',
    rating: '評価',
    meaning: '意味',
    yardsticks: '確認観点と「実施できた」の目安',
    performedLooks: '「実施できた」の目安',
    evaluators: '評価者',
    injects: '状況付与の一覧',
    offset: '開始から',
    roles: '対象の役割',
    situation: '状況',
    whatTheySee: '参加者に見えるもの',
    from: '差出人',
    subject: '件名',
    questions: '問いかけ',
    expected: '期待される対応',
    branch: '分岐の条件',
    whenAny: (q: string, o: string) => `「${q}」の回答が ${o} のときに配信する。`,
    whenNone: (q: string, o: string) =>
      `「${q}」の回答が ${o} 以外（未回答を含む）のときに配信する。`,
    options: '選択肢',
    attackerStep: (n: number) => `攻撃者の手順 ${n}`,
    feedbackIntro: 'ご協力のお願い',
    feedbackIntroText:
      '演習へのご参加ありがとうございました。今後の演習と社内の体制づくりに生かすため、率直なご意見をお聞かせください。回答は集計して事後報告書に反映します。',
    respondent: '回答者',
    respondentRole: '演習での役割',
    scaleQuestions: '評価の質問',
    scaleHint: (max: number, lo: string, hi: string) =>
      `1（${lo}）〜${max}（${hi}）の当てはまる数字に○をつけてください。`,
    question: '質問',
    answer: '回答',
    freeQuestions: '自由記述',
    aarSummary: '演習の概要',
    startedAt: '開始',
    closedAt: '終了',
    participantCount: '参加者数',
    overall: '総合評価（0〜3）',
    timeline: '演習の経過',
    elapsed: '経過',
    event: '出来事',
    detail: '内容',
    scores: '確認観点ごとの評価',
    chartCaption: '確認観点ごとの評価点（評価者の平均、3=実施できた）',
    score: '評価点',
    raters: '評価者数',
    unrated: '未評価',
    strengths: '良かった点',
    gaps: '課題',
    actions: '改善策',
    action: '改善策',
    owner: '担当',
    due: '期限',
    retest: '再テストの状況付与',
    sentToPlan: '改善計画',
    sent: '登録済み',
    notSent: '未登録',
    feedbackSummary: '参加者アンケートの結果',
    responses: (n: number) => `回答者 ${n}人`,
    average: '平均',
    comments: '主な意見',
    trend: '評価の推移',
    trendExercise: '演習',
    noAar: '事後報告書はまだ作成されていません。',
    noClosed: '終了した演習がありません。',
  },
  en: {
    explanationTitle: 'Tabletop exercise: explanation',
    manualTitle: 'Situation manual (participants)',
    handbookTitle: 'Facilitator and evaluator handbook',
    feedbackTitle: 'Participant feedback form',
    aarTitle: 'Tabletop exercise after-action report',
    company: 'Company',
    exercise: 'Exercise',
    scenario: 'Scenario',
    scheduledAt: 'Date and time',
    location: 'Location',
    mode: 'Mode',
    facilitator: 'Facilitator',
    duration: 'Duration',
    minutes: (n: number) => `about ${n} minutes`,
    notSet: 'Not yet decided',
    none: 'None',
    modes: {
      online: 'Everyone on their own device (seat links)',
      in_room: 'In the room on one projector',
    },
    background: 'Background and why it matters',
    backgroundDefault:
      'Cyber attacks and data leaks happen to companies of every size. Whether the damage stays small depends on having settled in advance who decides, whom to call and what to do first — and on that arrangement actually working. In a tabletop exercise the people concerned walk through a fictional incident together and put their structure and procedures to work out loud, finding the gaps and assumptions that documents alone do not show.',
    overview: 'Overview',
    objectives: 'Objectives',
    nextSteps: 'After the exercise',
    nextStepsItems: [
      "Write the after-action report from the evaluators' ratings and the participants' answers, and confirm strengths and gaps.",
      'Agree an action for each gap and add it to the improvement plan with an owner and a due date.',
      'Prepare a retest inject for each action, to check it in the next exercise.',
      'Once the actions are done, run another exercise (same or different scenario) and compare the ratings.',
    ],
    scope: 'Scope and scenario',
    scopeLabel: 'Scope',
    scenarioSummary: 'Scenario summary',
    attackerSteps: "The attacker's steps",
    no: 'No.',
    item: 'Step',
    step: 'What the attacker does',
    timetable: 'Timetable',
    time: 'Time',
    phase: 'Phase',
    purpose: 'Purpose',
    checkpoints: 'Checkpoints',
    checkpoint: 'Checkpoint',
    description: 'What it asks',
    preparation: 'Preparation',
    preparationIntro: 'Have these documents at hand on the day so you can open them when needed.',
    preparationItems: [
      'The incident response flow (or the IT-BCP)',
      'Internal and external contact list (emergency contact tree)',
      'System diagram and information asset inventory',
      'Contracts and maintenance procedures with outside vendors',
      'Relevant internal rules (security policy, handling of personal data)',
    ],
    preparationNotes: 'Preparation notes',
    participants: 'Participants',
    role: 'Role',
    name: 'Name',
    affiliation: 'Department or company',
    noParticipants: 'No participants registered yet.',
    missingSchedule: 'The date and time are not set.',
    missingParticipants: 'No participants are registered.',
    missingEvaluators: 'No evaluators are chosen.',
    manualIntro: 'Introduction',
    manualIntroText:
      "This manual is for everyone taking part. The exercise is not a test: the aim is not to guess the right answer but to find out together whether the company's structure and procedures would carry a real response.",
    groundRules: 'How the exercise works',
    groundRulesItems: [
      'Think and speak from your role, as you would on a normal working day.',
      'Injects (the e-mails, calls and so on that arrive) are fictional. Do not contact any real address or number.',
      'If something is unknown or undecided, say so at once — that is a valuable finding in itself.',
      'Record each decision with its reason on your seat page (or tell the facilitator).',
      'The facilitator keeps time. The exercise clock stops while paused.',
      'Nobody is being blamed. The gaps found become improvements for the company.',
    ],
    seatHow: 'Using your seat page',
    seatHowOnline: [
      'Open the seat link (or QR code) the facilitator gives you on your own device. No account is needed.',
      'Injects for your role appear on the page as they arrive. Send your answers to the questions.',
      'If the network drops, your answers are kept on the device and sent when it returns. After a reload you continue where you were.',
      'Each link belongs to one person. Do not pass it on.',
    ],
    seatHowInRoom: [
      'This exercise runs in the room on one projector; injects are shown on the screen.',
      'Give your answers and decisions aloud; the facilitator records them by role.',
    ],
    rolesInPlay: 'Roles in the exercise',
    outside: '(outside party, played by the facilitator or a helper)',
    whatGoodLooksLike: 'What is evaluated',
    handbookIntro: 'About this handbook',
    handbookIntroText:
      'For the facilitator and the evaluators. It contains the injects, the expected actions and the rating criteria: do not hand it to participants.',
    facilitatorGuide: "Facilitator's steps",
    facilitatorItems: [
      'Before: issue the seat links and check everyone has their seat page open (in-room mode: put the projector view on screen).',
      'Opening: explain the objectives, how the exercise works and the ground rules; confirm the incident is fictional.',
      'During: injects go out automatically when due. Pause when discussion runs long, and release by hand if needed.',
      "During: for branching questions, the participants' choice decides which inject follows. Releasing by hand ignores branching.",
      'Close: closing stops answers and shows participants the feedback survey.',
      'After: debrief with the evaluators, write the after-action report and send its actions to the improvement plan.',
    ],
    evaluatorGuide: "Evaluator's steps",
    evaluatorItems: [
      'Watch what participants say, decide and record for the checkpoints you cover.',
      'Record what you observe as evidence, linked to the inject that prompted it (the time is recorded for you).',
      'At the end, rate each checkpoint on the four-step scale below, always with evidence.',
    ],
    scale: 'Rating scale (HSEEP)',
    rating: 'Rating',
    meaning: 'Meaning',
    yardsticks: 'Checkpoints and what "performed" looks like',
    performedLooks: '"Performed" looks like',
    evaluators: 'Evaluators',
    injects: 'Injects',
    offset: 'From start',
    roles: 'Roles addressed',
    situation: 'Situation',
    whatTheySee: 'What participants see',
    from: 'From',
    subject: 'Subject',
    questions: 'Questions',
    expected: 'Expected actions',
    branch: 'Branch condition',
    whenAny: (q: string, o: string) => `Released when "${q}" was answered ${o}.`,
    whenNone: (q: string, o: string) =>
      `Released when "${q}" was answered other than ${o} (or not at all).`,
    options: 'Options',
    attackerStep: (n: number) => `Attacker step ${n}`,
    feedbackIntro: 'Your feedback',
    feedbackIntroText:
      "Thank you for taking part. Please tell us frankly what you thought, to improve future exercises and the company's arrangements. Answers are summarised in the after-action report.",
    respondent: 'Name (optional)',
    respondentRole: 'Role in the exercise',
    scaleQuestions: 'Rating questions',
    scaleHint: (max: number, lo: string, hi: string) =>
      `Circle the number that fits, from 1 (${lo}) to ${max} (${hi}).`,
    question: 'Question',
    answer: 'Answer',
    freeQuestions: 'Your comments',
    aarSummary: 'Exercise summary',
    startedAt: 'Started',
    closedAt: 'Closed',
    participantCount: 'Participants',
    overall: 'Overall score (0–3)',
    timeline: 'Timeline',
    elapsed: 'Elapsed',
    event: 'Event',
    detail: 'Detail',
    scores: 'Scores by checkpoint',
    chartCaption: "Score of each checkpoint (evaluators' mean; 3 = performed)",
    score: 'Score',
    raters: 'Raters',
    unrated: 'Not rated',
    strengths: 'Strengths',
    gaps: 'Gaps',
    actions: 'Recommended actions',
    action: 'Action',
    owner: 'Owner',
    due: 'Due',
    retest: 'Retest inject',
    sentToPlan: 'Improvement plan',
    sent: 'Added',
    notSent: 'Not added',
    feedbackSummary: 'Participant feedback',
    responses: (n: number) => `${n} respondents`,
    average: 'Average',
    comments: 'Comments',
    trend: 'Ratings across exercises',
    trendExercise: 'Exercise',
    noAar: 'The after-action report has not been written yet.',
    noClosed: 'No closed exercise.',
  },
};

const paragraph = (text: string): DocumentBlock => ({ type: 'paragraph', text });
const list = (items: string[], ordered = false): DocumentBlock => ({
  type: 'list',
  ordered,
  items,
});

function fmtDateTime(iso: string | null, lang: Lang): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: lang === 'ja' ? 'long' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Tokyo',
  }).format(new Date(iso));
}

function fmtTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Tokyo',
  }).format(new Date(iso));
}

const offsetLabel = (minutes: number) =>
  minutes >= 60
    ? `+${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`
    : `+${minutes}′`;

function elapsedLabel(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function section(
  key: string,
  heading: string,
  blocks: DocumentBlock[],
  options: { level?: 1 | 2 | 3; editable?: boolean; missing?: string[] } = {},
): DocumentSection {
  return {
    key,
    heading,
    level: options.level ?? 1,
    blocks,
    editable: options.editable ?? false,
    missing: options.missing ?? [],
  };
}

const roleName = (role: ExerciseRole, lang: Lang) => roleNames[role][lang];
const join = (items: string[], lang: Lang) => items.join(lang === 'ja' ? '、' : ', ');

function usedCheckpoints(input: ExerciseDocumentInput): CheckpointContent[] {
  const ids = new Set(input.exercise.plan.checkpoints);
  return input.checkpoints.filter((c) => ids.has(c.id));
}

function coverFields(input: ExerciseDocumentInput, lang: Lang) {
  const t = m[lang];
  const ex = input.exercise;
  return [
    { label: t.company, value: input.companyName },
    { label: t.exercise, value: ex.plan.title },
    { label: t.scenario, value: ex.scenario.title[lang] },
    { label: t.scheduledAt, value: fmtDateTime(ex.plan.scheduledAt, lang) ?? t.notSet },
  ];
}

function timetableBlock(input: ExerciseDocumentInput, lang: Lang): DocumentBlock {
  const t = m[lang];
  const ex = input.exercise;
  const rows = [...ex.plan.timetable].sort((a, b) => a.startMinute - b.startMinute);
  const start = ex.clock.startedAt ?? ex.plan.scheduledAt;
  const at = (minute: number) =>
    start
      ? fmtTime(new Date(Date.parse(start) + minute * 60_000).toISOString(), lang)
      : offsetLabel(minute);
  return {
    type: 'table',
    sheet: t.timetable,
    columns: [t.time, t.phase, t.purpose],
    rows: rows.map((r, i) => [
      `${at(r.startMinute)}–${at(rows[i + 1]?.startMinute ?? ex.scenario.durationMinutes)}`,
      r.title[lang],
      r.purpose[lang],
    ]),
  };
}

function attackerStepsBlock(input: ExerciseDocumentInput, lang: Lang): DocumentBlock[] {
  const t = m[lang];
  const steps = input.exercise.scenario.attackerSteps;
  if (steps.length === 0) return [];
  return [
    {
      type: 'table',
      sheet: t.attackerSteps,
      columns: [t.no, t.item, t.step],
      rows: steps.map((s) => [String(s.no), s.title[lang], s.description[lang]]),
    },
  ];
}

function participantsBlock(input: ExerciseDocumentInput, lang: Lang): DocumentBlock {
  const t = m[lang];
  const ps = input.exercise.participants;
  if (ps.length === 0) return paragraph(t.noParticipants);
  return {
    type: 'table',
    sheet: t.participants,
    columns: [t.role, t.name, t.affiliation],
    rows: ps.map((p) => [roleName(p.role, lang), p.name, p.affiliation || t.none]),
  };
}

/** 机上演習説明資料: background, overview, next steps, scope and scenario, timetable, checkpoints, preparation. */
export function buildExplanation(input: ExerciseDocumentInput, lang: Lang): GeneratedDocument {
  const t = m[lang];
  const ex = input.exercise;
  const objectives = ex.plan.objectives.length
    ? ex.plan.objectives
    : ex.scenario.objectives.map((o) => o[lang]);
  return {
    title: t.explanationTitle,
    subtitle: ex.plan.title,
    language: lang,
    cover: coverFields(input, lang),
    sections: [
      section('background', t.background, [paragraph(ex.plan.background || t.backgroundDefault)], {
        editable: true,
      }),
      section(
        'overview',
        t.overview,
        [
          ...(ex.plan.overview ? [paragraph(ex.plan.overview)] : []),
          {
            type: 'fields',
            items: [
              { label: t.exercise, value: ex.plan.title },
              { label: t.scenario, value: ex.scenario.title[lang] },
              { label: t.scheduledAt, value: fmtDateTime(ex.plan.scheduledAt, lang) ?? t.notSet },
              { label: t.location, value: ex.plan.location || t.notSet },
              { label: t.duration, value: t.minutes(ex.scenario.durationMinutes) },
              { label: t.mode, value: t.modes[ex.plan.mode] },
              { label: t.facilitator, value: ex.facilitator?.name ?? t.notSet },
            ],
          },
        ],
        { editable: true, missing: ex.plan.scheduledAt ? [] : [t.missingSchedule] },
      ),
      section('objectives', t.objectives, [list(objectives)], { editable: true }),
      section('next-steps', t.nextSteps, [list(t.nextStepsItems, true)], { editable: true }),
      section(
        'scope',
        t.scope,
        [
          ...(ex.plan.scope
            ? [{ type: 'fields' as const, items: [{ label: t.scopeLabel, value: ex.plan.scope }] }]
            : []),
          paragraph(ex.scenario.summary[lang]),
          ...attackerStepsBlock(input, lang),
        ],
        { editable: true },
      ),
      section('timetable', t.timetable, [timetableBlock(input, lang)]),
      section('checkpoints', t.checkpoints, [
        {
          type: 'table',
          sheet: t.checkpoints,
          columns: [t.no, t.checkpoint, t.description],
          rows: usedCheckpoints(input).map((c) => [
            String(c.no),
            c.name[lang],
            c.description[lang],
          ]),
        },
      ]),
      section(
        'preparation',
        t.preparation,
        [
          paragraph(t.preparationIntro),
          list(t.preparationItems),
          ...(ex.plan.preparationNotes
            ? [
                {
                  type: 'fields' as const,
                  items: [{ label: t.preparationNotes, value: ex.plan.preparationNotes }],
                },
              ]
            : []),
        ],
        { editable: true },
      ),
    ],
  };
}

/** 状況説明書: what participants need before and during the exercise, without the injects themselves. */
export function buildSituationManual(input: ExerciseDocumentInput, lang: Lang): GeneratedDocument {
  const t = m[lang];
  const ex = input.exercise;
  const outsideRoles = new Set<ExerciseRole>([
    'maintenance-vendor',
    'cloud-provider',
    'regulator',
    'press',
    'customer',
    'police',
    'insurer',
    'bank',
  ]);
  return {
    title: t.manualTitle,
    subtitle: ex.plan.title,
    language: lang,
    cover: coverFields(input, lang),
    sections: [
      section('intro', t.manualIntro, [paragraph(t.manualIntroText)], { editable: true }),
      section(
        'scenario',
        t.scenarioSummary,
        [
          paragraph(ex.scenario.summary[lang]),
          list(
            ex.plan.objectives.length
              ? ex.plan.objectives
              : ex.scenario.objectives.map((o) => o[lang]),
          ),
        ],
        { editable: true },
      ),
      section('rules', t.groundRules, [list(t.groundRulesItems)], { editable: true }),
      section('seat', t.seatHow, [
        list(ex.plan.mode === 'in_room' ? t.seatHowInRoom : t.seatHowOnline, true),
      ]),
      section('timetable', t.timetable, [timetableBlock(input, lang)]),
      section(
        'roles',
        t.rolesInPlay,
        [
          list(
            ex.scenario.roles.map((r) =>
              outsideRoles.has(r) ? `${roleName(r, lang)} ${t.outside}` : roleName(r, lang),
            ),
          ),
          participantsBlock(input, lang),
        ],
        { missing: ex.participants.length ? [] : [t.missingParticipants] },
      ),
      section('checkpoints', t.whatGoodLooksLike, [
        list(
          usedCheckpoints(input).map((c) => `${c.no}. ${c.name[lang]} — ${c.description[lang]}`),
        ),
      ]),
      section('preparation', t.preparation, [
        paragraph(t.preparationIntro),
        list(t.preparationItems),
        ...(ex.plan.preparationNotes ? [paragraph(ex.plan.preparationNotes)] : []),
      ]),
    ],
  };
}

function conditionText(
  inject: InjectContentView,
  injects: readonly InjectContentView[],
  lang: Lang,
): string | null {
  const when = inject.when;
  if (!when) return null;
  const t = m[lang];
  const source = injects.find((i) => i.id === when.inject);
  const question = source?.questions.find((q) => q.id === when.question);
  const label = (id: string) => question?.options?.find((o) => o.id === id)?.label[lang] ?? id;
  const q = question?.text[lang] ?? when.question;
  return when.anyOf
    ? t.whenAny(q, when.anyOf.map(label).join(' / '))
    : t.whenNone(q, (when.noneOf ?? []).map(label).join(' / '));
}

function injectSection(
  inject: InjectContentView,
  input: ExerciseDocumentInput,
  lang: Lang,
  index: number,
): DocumentSection {
  const t = m[lang];
  const cp = new Map(input.checkpoints.map((c) => [c.id, c]));
  const blocks: DocumentBlock[] = [];
  const condition = conditionText(inject, input.exercise.injects, lang);
  blocks.push({
    type: 'fields',
    items: [
      { label: t.offset, value: offsetLabel(inject.offsetMinutes) },
      {
        label: t.roles,
        value: join(
          inject.roles.map((r) => roleName(r, lang)),
          lang,
        ),
      },
      ...(inject.attackerStep
        ? [{ label: t.attackerSteps, value: t.attackerStep(inject.attackerStep) }]
        : []),
      ...(condition ? [{ label: t.branch, value: condition }] : []),
    ],
  });
  blocks.push({ type: 'fields', items: [{ label: t.situation, value: inject.situation[lang] }] });
  for (const medium of inject.media) {
    blocks.push({
      type: 'fields',
      items: [
        { label: t.whatTheySee, value: mediumNames[medium.kind]?.[lang] ?? medium.kind },
        ...(medium.from ? [{ label: t.from, value: medium.from[lang] }] : []),
        ...(medium.subject ? [{ label: t.subject, value: medium.subject[lang] }] : []),
      ],
    });
    blocks.push(paragraph(medium.body[lang]));
  }
  if (inject.questions.length > 0)
    blocks.push(
      list(
        inject.questions.map((q) =>
          q.options
            ? `${q.text[lang]}（${t.options}: ${q.options.map((o) => o.label[lang]).join(' / ')}）`
            : q.text[lang],
        ),
      ),
    );
  if (inject.expectedActions.length > 0)
    blocks.push({
      type: 'table',
      sheet: t.expected,
      columns: [t.expected, t.roles, t.checkpoint],
      rows: inject.expectedActions.map((a) => [
        a.text[lang],
        a.roles.length
          ? join(
              a.roles.map((r) => roleName(r, lang)),
              lang,
            )
          : t.none,
        join(
          a.checkpoints.map((id) =>
            cp.get(id) ? `${cp.get(id)?.no}. ${cp.get(id)?.name[lang]}` : id,
          ),
          lang,
        ),
      ]),
    });
  return section(`inject.${inject.id}`, `${index + 1}. ${inject.title[lang]}`, blocks, {
    level: 2,
  });
}

/** 進行役・評価者ハンドブック: the runbook, the rating scale, the yardsticks and every inject. */
export function buildHandbook(input: ExerciseDocumentInput, lang: Lang): GeneratedDocument {
  const t = m[lang];
  const ex = input.exercise;
  const ratings = ['performed', 'some_challenges', 'major_challenges', 'unable'] as const;
  return {
    title: t.handbookTitle,
    subtitle: ex.plan.title,
    language: lang,
    cover: coverFields(input, lang),
    sections: [
      section('intro', t.handbookIntro, [paragraph(t.handbookIntroText)]),
      section(
        'people',
        t.evaluators,
        [
          {
            type: 'fields',
            items: [
              { label: t.facilitator, value: ex.facilitator?.name ?? t.notSet },
              {
                label: t.evaluators,
                value: ex.evaluators.length
                  ? join(
                      ex.evaluators.map((e) => e.name),
                      lang,
                    )
                  : t.notSet,
              },
            ],
          },
          participantsBlock(input, lang),
        ],
        { missing: ex.evaluators.length ? [] : [t.missingEvaluators] },
      ),
      section('facilitator', t.facilitatorGuide, [list(t.facilitatorItems, true)], {
        editable: true,
      }),
      section('evaluator', t.evaluatorGuide, [list(t.evaluatorItems, true)], { editable: true }),
      section('scale', t.scale, [
        {
          type: 'table',
          sheet: t.scale,
          columns: [t.rating, t.meaning],
          rows: ratings.map((r) => [hseepNames[r][lang], hseepMeaning[r][lang]]),
        },
      ]),
      section('yardsticks', t.yardsticks, [
        {
          type: 'table',
          sheet: t.checkpoints,
          columns: [t.no, t.checkpoint, t.performedLooks],
          rows: usedCheckpoints(input).map((c) => [String(c.no), c.name[lang], c.performed[lang]]),
        },
      ]),
      section('timetable', t.timetable, [
        timetableBlock(input, lang),
        ...attackerStepsBlock(input, lang),
      ]),
      section('injects', t.injects, []),
      ...ex.injects.map((inj, i) => injectSection(inj, input, lang, i)),
    ],
  };
}

/** 参加者アンケート: the survey the seats show after the close, on paper. */
export function buildFeedbackForm(input: ExerciseDocumentInput, lang: Lang): GeneratedDocument {
  const t = m[lang];
  const scale = input.feedbackQuestions.filter((q) => q.kind === 'scale');
  const free = input.feedbackQuestions.filter((q) => q.kind === 'free');
  const max = Math.max(5, ...scale.map((q) => q.max ?? 5));
  const first = scale[0];
  return {
    title: t.feedbackTitle,
    subtitle: input.exercise.plan.title,
    language: lang,
    cover: coverFields(input, lang),
    sections: [
      section('intro', t.feedbackIntro, [paragraph(t.feedbackIntroText)], { editable: true }),
      section('respondent', t.respondent, [
        {
          type: 'fields',
          items: [
            { label: t.respondent, value: '' },
            { label: t.respondentRole, value: '' },
          ],
        },
      ]),
      section('scale', t.scaleQuestions, [
        ...(first?.minLabel && first.maxLabel
          ? [paragraph(t.scaleHint(max, first.minLabel[lang], first.maxLabel[lang]))]
          : []),
        {
          type: 'table',
          sheet: t.scaleQuestions,
          columns: [t.question, ...Array.from({ length: max }, (_, i) => String(i + 1))],
          rows: scale.map((q) => [
            q.text[lang],
            ...Array.from({ length: max }, (_, i) => (i < (q.max ?? 5) ? '○' : '')),
          ]),
        },
      ]),
      section('free', t.freeQuestions, [
        {
          type: 'table',
          sheet: t.freeQuestions,
          columns: [t.question, t.answer],
          rows: free.map((q) => [q.text[lang], '\n\n\n']),
        },
      ]),
    ],
  };
}

function scoreRows(
  scores: readonly CheckpointScoreView[],
  input: ExerciseDocumentInput,
  lang: Lang,
): string[][] {
  const t = m[lang];
  return usedCheckpoints(input).map((c) => {
    const s = scores.find((x) => x.checkpointId === c.id);
    return [
      `${c.no}. ${c.name[lang]}`,
      s?.score === null || s?.score === undefined ? t.unrated : s.score.toFixed(1),
      s?.rating ? hseepNames[s.rating][lang] : t.unrated,
      String(s?.ratings ?? 0),
    ];
  });
}

/** 事後報告書: timeline, checkpoint chart, strengths, gaps, actions, feedback and the trend. */
export function buildAfterActionReport(
  input: ExerciseDocumentInput,
  lang: Lang,
): GeneratedDocument {
  const t = m[lang];
  const ex = input.exercise;
  const aar = input.aar;
  const cp = new Map(input.checkpoints.map((c) => [c.id, c]));
  const cpLabel = (id: string | null) => {
    const c = id ? cp.get(id as CheckpointContent['id']) : undefined;
    return c ? `${c.no}. ${c.name[lang]}` : '';
  };
  const injectTitle = (id: string | null) => ex.injects.find((i) => i.id === id)?.title[lang] ?? '';
  const sections: DocumentSection[] = [
    section('summary', t.aarSummary, [
      {
        type: 'fields',
        items: [
          { label: t.exercise, value: ex.plan.title },
          { label: t.scenario, value: ex.scenario.title[lang] },
          { label: t.startedAt, value: fmtDateTime(ex.clock.startedAt, lang) ?? t.notSet },
          { label: t.closedAt, value: fmtDateTime(ex.clock.closedAt, lang) ?? t.notSet },
          { label: t.facilitator, value: ex.facilitator?.name ?? t.notSet },
          {
            label: t.evaluators,
            value: ex.evaluators.length
              ? join(
                  ex.evaluators.map((e) => e.name),
                  lang,
                )
              : t.none,
          },
          { label: t.participantCount, value: String(ex.participants.length) },
          {
            label: t.overall,
            value:
              aar?.overallScore === null || aar?.overallScore === undefined
                ? t.unrated
                : aar.overallScore.toFixed(1),
          },
        ],
      },
      ...(aar ? [] : [{ type: 'warning' as const, text: t.noAar }]),
    ]),
  ];
  if (aar) {
    sections.push(
      section('scores', t.scores, [
        ...(input.chartSvg
          ? [
              {
                type: 'figure' as const,
                svg: input.chartSvg,
                width: 640,
                height: 400,
                caption: t.chartCaption,
              },
            ]
          : []),
        {
          type: 'table',
          sheet: t.scores,
          columns: [t.checkpoint, t.score, t.rating, t.raters],
          rows: scoreRows(aar.scores, input, lang),
        },
      ]),
      section(
        'strengths',
        t.strengths,
        [
          list(
            aar.strengths.map((f) =>
              f.checkpointId ? `${f.text}（${cpLabel(f.checkpointId)}）` : f.text,
            ),
          ),
        ],
        { editable: true },
      ),
      section(
        'gaps',
        t.gaps,
        [
          list(
            aar.gaps.map((f) =>
              f.checkpointId ? `${f.text}（${cpLabel(f.checkpointId)}）` : f.text,
            ),
          ),
        ],
        { editable: true },
      ),
      section('actions', t.actions, [
        {
          type: 'table',
          sheet: t.actions,
          columns: [t.action, t.checkpoint, t.owner, t.due, t.retest, t.sentToPlan],
          rows: aar.actions.map((a) => [
            a.detail ? `${a.title}\n${a.detail}` : a.title,
            cpLabel(a.checkpointId),
            a.ownerName || t.notSet,
            a.dueDate ?? t.notSet,
            [a.retest.title, a.retest.situation, a.retest.question].filter(Boolean).join('\n'),
            a.sentAt ? t.sent : t.notSent,
          ]),
        },
      ]),
      section('timeline', t.timeline, [
        {
          type: 'table',
          sheet: t.timeline,
          columns: [t.time, t.elapsed, t.event, t.role, t.detail],
          rows: aar.timeline.map((e) => [
            fmtTime(e.at, lang),
            elapsedLabel(e.exerciseMs),
            timelineNames[e.kind]?.[lang] ?? e.kind,
            e.role ? roleName(e.role, lang) : '',
            [
              injectTitle(e.injectId),
              e.checkpointId ? cpLabel(e.checkpointId) : '',
              e.kind === 'released' || e.kind === 'skipped'
                ? ''
                : e.kind === 'rating' && e.text in hseepNames
                  ? hseepNames[e.text as HseepRating][lang]
                  : e.text,
            ]
              .filter(Boolean)
              .join('\n'),
          ]),
        },
      ]),
      section('feedback', t.feedbackSummary, [
        paragraph(t.responses(aar.feedback.responses)),
        {
          type: 'table',
          sheet: t.feedbackSummary,
          columns: [t.question, t.average, t.comments],
          rows: aar.feedback.questions.map((q) => [
            q.text[lang],
            q.average === null ? '' : q.average.toFixed(1),
            q.comments.join('\n'),
          ]),
        },
      ]),
    );
    if (input.trend && input.trend.exercises.length > 0)
      sections.push(
        section('trend', t.trend, [
          {
            type: 'table',
            sheet: t.trend,
            columns: [
              t.trendExercise,
              t.closedAt,
              t.overall,
              ...usedCheckpoints(input).map((c) => String(c.no)),
            ],
            rows: input.trend.exercises.map((e) => [
              e.title,
              fmtDateTime(e.closedAt, lang) ?? '',
              e.overallScore === null ? '' : e.overallScore.toFixed(1),
              ...usedCheckpoints(input).map((c) => {
                const s = e.scores.find((x) => x.checkpointId === c.id)?.score;
                return s === null || s === undefined ? '' : s.toFixed(1);
              }),
            ]),
          },
        ]),
      );
  }
  return {
    title: t.aarTitle,
    subtitle: ex.plan.title,
    language: lang,
    cover: coverFields(input, lang),
    sections,
  };
}

// ---------- the generators ----------

/**
 * Loads what the documents need about the one exercise they belong to (the subject); for the
 * after-action report also the report, the score chart and the trend up to that exercise.
 */
async function loadDocumentInput(
  ctx: AppContext,
  orgId: string,
  exerciseId: string | null | undefined,
  language: Lang,
  forReport: boolean,
): Promise<ExerciseDocumentInput> {
  if (!exerciseId) throw new AppError('document_subject_invalid');
  // Throws not_found for an exercise of another company.
  const exercise = await getExercisePlan(ctx.db, orgId, exerciseId);
  if (forReport && exercise.status !== 'closed')
    throw new AppError('not_found', { reason: 'exercise_not_closed' });
  const content = loadExerciseContent();
  const org = await getOrganization(ctx.db, orgId);
  const input: ExerciseDocumentInput = {
    companyName: org.name,
    exercise,
    checkpoints: content.checkpoints,
    feedbackQuestions: content.feedback,
  };
  if (!forReport) return input;
  let aar: AarView | undefined;
  try {
    aar = await getAfterActionReport(ctx.db, orgId, exercise.id, language);
  } catch (err) {
    // A closed exercise whose report was never generated: the document says so.
    if (!(err instanceof AppError && err.code === 'not_found')) throw err;
  }
  // The trend as it stood when this exercise closed, so a later exercise does not rewrite its report.
  const trend = await checkpointTrend(ctx.db, orgId);
  const upTo = trend.exercises.findIndex((e) => e.id === exercise.id);
  return {
    ...input,
    aar,
    chartSvg: aar ? scoreChartSvg(content.checkpoints, aar.scores, language) : undefined,
    trend: { exercises: trend.exercises.slice(0, upTo + 1) },
  };
}

const builders: Record<
  Extract<DocumentKind, `exercise-${string}`>,
  { build: (input: ExerciseDocumentInput, lang: Lang) => GeneratedDocument; report: boolean }
> = {
  'exercise-explanation': { build: buildExplanation, report: false },
  'exercise-situation-manual': { build: buildSituationManual, report: false },
  'exercise-handbook': { build: buildHandbook, report: false },
  'exercise-feedback-form': { build: buildFeedbackForm, report: false },
  'exercise-after-action-report': { build: buildAfterActionReport, report: true },
};

/** Registers the five exercise document kinds with the documents module. */
export function registerExerciseDocuments(): void {
  for (const [kind, { build, report }] of Object.entries(builders))
    registerDocumentKind({
      kind: kind as DocumentKind,
      generate: async (ctx, orgId, language, exerciseId) =>
        build(await loadDocumentInput(ctx, orgId, exerciseId, language, report), language),
    });
}
