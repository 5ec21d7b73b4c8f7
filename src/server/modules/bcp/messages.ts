import type { Locale } from '../../../contracts/common';
import type { ContactProblem, Gap, MissingFact } from './rules';

const h = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

const ja = {
  gap(g: Gap): string {
    switch (g.code) {
      case 'backup_interval_exceeds_rpo':
        return `「${g.params.system}」のバックアップ間隔（${h(g.params.backupHours)}時間）が目標復旧時点（RPO: ${h(g.params.rpoHours)}時間）より長く、障害時に目標以上のデータを失います。`;
      case 'single_administrator':
        return `「${g.params.system}」の管理者が${g.params.administrators}名しかいません。目標復旧時間（RTO: ${h(g.params.rtoHours)}時間）内に復旧するには、不在時に代われる管理者が必要です。`;
      case 'no_offline_backup':
        return `「${g.params.system}」にオフライン（ネットワークから切り離した）または改ざんできないバックアップがありません。ランサムウェアはネットワーク上のバックアップも暗号化します。`;
      case 'restore_test_stale':
        return g.params.lastTestedOn
          ? `「${g.params.system}」の復元テストが12か月以上行われていません（最終: ${g.params.lastTestedOn}）。`
          : `「${g.params.system}」のバックアップから復元できるか、テストした記録がありません。`;
      case 'dependency_slower_than_process':
        return `業務「${g.params.process}」のRTOは${h(g.params.processHours)}時間ですが、依存する「${g.params.system}」の復旧には${h(g.params.systemHours)}時間かかります。`;
      case 'no_activation_decider':
        return g.params.who === 'decider'
          ? '計画の発動を判断する人が決まっていません。'
          : '発動判断者が不在のときの代理者が決まっていません。';
      case 'missing_contact_numbers':
        return `次の人の電話番号が未記入です: ${g.params.names.join('、')}`;
    }
  },
  missing(m: MissingFact): string {
    switch (m.code) {
      case 'scope':
        return '計画の適用範囲（対象の拠点・業務・システム）';
      case 'basic_policy':
        return '基本方針';
      case 'processes':
        return '事業影響度分析（BIA）の業務が登録されていません';
      case 'systems':
        return '業務が依存するシステムが事業影響度分析に登録されていません';
      case 'process_targets':
        return `業務「${m.name}」のRTO・RPO・復旧優先順位`;
      case 'criteria':
        return '発動基準';
      case 'organization':
        return 'BCP対策本部・各班の体制と役割';
      case 'contacts':
        return '従業員連絡先と連絡網';
      case 'customers':
        return '主要な顧客';
      case 'suppliers':
        return '主要な取引先（ベンダー等）';
      case 'system_facts':
        return `「${m.name}」のバックアップ・代替・復旧手順が未記入です`;
      case 'backup':
        return `「${m.name}」のバックアップの方法・頻度・保管場所`;
      case 'recovery_steps':
        return `「${m.name}」の復旧手順`;
      case 'administrators':
        return `「${m.name}」の管理者の人数`;
      case 'alternates':
        return `「${m.name}」が使えないときの代替手段または手作業`;
      case 'customer_plan':
        return '顧客への連絡方法';
      case 'training':
        return '教育・訓練の予定';
      case 'review_cycle':
        return '計画の見直し周期';
    }
  },
  contactProblem(p: ContactProblem): string {
    switch (p.code) {
      case 'duplicate_id':
        return '連絡先のIDが重複しています。';
      case 'unknown_caller':
        return `連絡元「${p.calledBy}」が連絡先一覧にありません。`;
      case 'calls_itself':
        return '自分自身を連絡元にはできません。';
      case 'call_cycle':
        return '連絡網が循環しています。最初に連絡を受ける人から順にたどれるようにしてください。';
    }
  },
  doc: {
    none: 'なし',
    notRecorded: '未記入',
    hours: (n: number) => `${h(n)}時間`,
    months: (n: number) => `${n}か月ごと`,
    missingPrefix: '未記入: ',
    process: '業務',
    priority: '優先順位',
    mtd: '最大許容停止時間（MTD）',
    rto: 'RTO',
    rpo: 'RPO',
    systems: '依存するシステム',
    system: 'システム',
    requiredRto: '求められるRTO',
    requiredRpo: '求められるRPO',
    scope: '適用範囲',
    basicPolicy: '基本方針',
    criteria: '発動基準',
    decider: '発動の判断者',
    deputy: '代理者',
    name: '氏名',
    partnerName: '名称',
    role: '役職',
    phone: '電話番号',
    email: 'メールアドレス',
    department: '部署',
    calledBy: '連絡元',
    team: '班',
    lead: '責任者',
    members: 'メンバー',
    duties: '役割',
    kind: '区分',
    customer: '顧客',
    supplier: '取引先',
    contactPerson: '担当者',
    notes: '備考',
    treeTitle: '連絡網（誰が誰に連絡するか）',
    treeRoot: '（判断者から最初に連絡）',
    calls: '→',
    backupMethod: 'バックアップの方法',
    backupFrequency: 'バックアップの頻度',
    backupLocations: '保管場所',
    immutable: '改ざんできないバックアップ',
    yes: 'あり',
    no: 'なし',
    lastRestoreTest: '最後の復元テスト',
    restoreHours: '復元に要する時間',
    administrators: '管理者の人数',
    alternates: '代替手段',
    alternateNotes: '代替手段の詳細',
    manualWorkaround: '手作業による継続',
    recoverySteps: '復旧手順',
    locations: {
      offline: 'オフライン',
      online: 'オンライン（社内ネットワーク）',
      cloud: 'クラウド',
    },
    alternateKinds: { other_equipment: '代替機器', other_site: '代替拠点', cloud: 'クラウド' },
    channels: '連絡手段',
    activity: '訓練・教育',
    every: '頻度',
    owner: '担当',
    nextOn: '次回予定',
    reviewCycle: '計画の見直し周期',
    nextReview: '次回の見直し',
    flowCaption: '図1 発動フロー',
    gapsTitle: '目標と実態の食い違い',
    missingTitle: '未記入の項目',
    noGaps: '目標と実態の食い違いは見つかっていません。',
    company: '会社名',
    generatedOn: '作成日',
    sheets: {
      bia: '重要業務',
      systems: '重要システム',
      roles: '体制',
      contacts: '連絡先',
      partners: '顧客・取引先',
      alternates: '代替策',
      training: '訓練計画',
    },
  },
};

type Messages = typeof ja;

const en: Messages = {
  gap(g) {
    switch (g.code) {
      case 'backup_interval_exceeds_rpo':
        return `"${g.params.system}" is backed up every ${h(g.params.backupHours)} hours but its recovery point objective (RPO) is ${h(g.params.rpoHours)} hours: an outage would lose more data than the target allows.`;
      case 'single_administrator':
        return `"${g.params.system}" has ${g.params.administrators} administrator(s). Recovering it within its RTO of ${h(g.params.rtoHours)} hours needs someone who can stand in.`;
      case 'no_offline_backup':
        return `"${g.params.system}" has no offline (disconnected) or immutable backup. Ransomware encrypts backups it can reach over the network.`;
      case 'restore_test_stale':
        return g.params.lastTestedOn
          ? `"${g.params.system}" has not had a restore test for more than 12 months (last: ${g.params.lastTestedOn}).`
          : `There is no record of a test restore from the backups of "${g.params.system}".`;
      case 'dependency_slower_than_process':
        return `The process "${g.params.process}" has an RTO of ${h(g.params.processHours)} hours, but "${g.params.system}", which it depends on, takes ${h(g.params.systemHours)} hours to recover.`;
      case 'no_activation_decider':
        return g.params.who === 'decider'
          ? 'Nobody has been named to decide on activating the plan.'
          : 'No deputy has been named for when the decision maker is unavailable.';
      case 'missing_contact_numbers':
        return `No telephone number recorded for: ${g.params.names.join(', ')}`;
    }
  },
  missing(m) {
    switch (m.code) {
      case 'scope':
        return 'The scope of the plan (sites, business and systems covered)';
      case 'basic_policy':
        return 'The basic policy';
      case 'processes':
        return 'No business processes in the business impact analysis (BIA)';
      case 'systems':
        return 'No systems the processes depend on are recorded in the business impact analysis';
      case 'process_targets':
        return `RTO, RPO and recovery priority of the process "${m.name}"`;
      case 'criteria':
        return 'Activation criteria';
      case 'organization':
        return 'BCP headquarters, teams and their roles';
      case 'contacts':
        return 'Employee contact list and call tree';
      case 'customers':
        return 'Key customers';
      case 'suppliers':
        return 'Key suppliers (vendors and others)';
      case 'system_facts':
        return `Backup, alternates and recovery procedure of "${m.name}" not recorded`;
      case 'backup':
        return `How, how often and where "${m.name}" is backed up`;
      case 'recovery_steps':
        return `Recovery procedure of "${m.name}"`;
      case 'administrators':
        return `Number of administrators of "${m.name}"`;
      case 'alternates':
        return `Alternates or manual workaround when "${m.name}" is down`;
      case 'customer_plan':
        return 'How customers are told';
      case 'training':
        return 'Training and exercise schedule';
      case 'review_cycle':
        return 'How often the plan is reviewed';
    }
  },
  contactProblem(p) {
    switch (p.code) {
      case 'duplicate_id':
        return 'Two contacts have the same id.';
      case 'unknown_caller':
        return `The caller "${p.calledBy}" is not in the contact list.`;
      case 'calls_itself':
        return 'A contact cannot call themselves.';
      case 'call_cycle':
        return 'The call tree goes round in a circle. Everyone must be reachable from the first person called.';
    }
  },
  doc: {
    none: 'None',
    notRecorded: 'Not recorded',
    hours: (n) => `${h(n)} h`,
    months: (n) => `every ${n} months`,
    missingPrefix: 'Missing: ',
    process: 'Process',
    priority: 'Priority',
    mtd: 'Maximum tolerable downtime (MTD)',
    rto: 'RTO',
    rpo: 'RPO',
    systems: 'Systems depended on',
    system: 'System',
    requiredRto: 'Required RTO',
    requiredRpo: 'Required RPO',
    scope: 'Scope',
    basicPolicy: 'Basic policy',
    criteria: 'Activation criteria',
    decider: 'Decision maker',
    deputy: 'Deputy',
    name: 'Name',
    partnerName: 'Name',
    role: 'Position',
    phone: 'Telephone',
    email: 'Email',
    department: 'Department',
    calledBy: 'Called by',
    team: 'Team',
    lead: 'Lead',
    members: 'Members',
    duties: 'Duties',
    kind: 'Kind',
    customer: 'Customer',
    supplier: 'Supplier',
    contactPerson: 'Contact person',
    notes: 'Notes',
    treeTitle: 'Call tree (who calls whom)',
    treeRoot: '(called first by the decision maker)',
    calls: '→',
    backupMethod: 'Backup method',
    backupFrequency: 'Backup frequency',
    backupLocations: 'Kept where',
    immutable: 'Immutable backup',
    yes: 'Yes',
    no: 'No',
    lastRestoreTest: 'Last restore test',
    restoreHours: 'Time to restore',
    administrators: 'Administrators',
    alternates: 'Alternates',
    alternateNotes: 'Alternates in detail',
    manualWorkaround: 'Manual workaround',
    recoverySteps: 'Recovery procedure',
    locations: { offline: 'Offline', online: 'Online (office network)', cloud: 'Cloud' },
    alternateKinds: {
      other_equipment: 'Other equipment',
      other_site: 'Other site',
      cloud: 'Cloud',
    },
    channels: 'Channels',
    activity: 'Training or exercise',
    every: 'How often',
    owner: 'Owner',
    nextOn: 'Next',
    reviewCycle: 'Plan review cycle',
    nextReview: 'Next review',
    flowCaption: 'Figure 1 Activation flow',
    gapsTitle: 'Where facts contradict targets',
    missingTitle: 'Not yet recorded',
    noGaps: 'No contradictions between the facts and the targets were found.',
    company: 'Company',
    generatedOn: 'Prepared on',
    sheets: {
      bia: 'Critical processes',
      systems: 'Critical systems',
      roles: 'Organisation',
      contacts: 'Contacts',
      partners: 'Customers and suppliers',
      alternates: 'Alternates',
      training: 'Training plan',
    },
  },
};

export type BcpMessages = Messages;
export const bcpMessages = (locale: Locale): BcpMessages => (locale === 'en' ? en : ja);
