import baseEn from './en.json';
import baseJa from './ja.json';
import documentsEn from '../modules/documents/i18n/en.json';
import documentsJa from '../modules/documents/i18n/ja.json';
import exercisesEn from '../modules/exercises/i18n/en.json';
import exercisesJa from '../modules/exercises/i18n/ja.json';
import assessmentFilesEn from '../modules/assessments/i18n/en.json';
import assessmentFilesJa from '../modules/assessments/i18n/ja.json';
import riskMatrixEn from '../modules/risks/i18n/en.json';
import riskMatrixJa from '../modules/risks/i18n/ja.json';
import startersEn from '../modules/starters/i18n/en.json';
import startersJa from '../modules/starters/i18n/ja.json';
import improvementEn from '../modules/improvement/i18n/en.json';
import improvementJa from '../modules/improvement/i18n/ja.json';
import incidentsEn from '../modules/incidents/i18n/en.json';
import incidentsJa from '../modules/incidents/i18n/ja.json';
import phishingEn from '../modules/phishing/i18n/en.json';
import phishingJa from '../modules/phishing/i18n/ja.json';
import bcpEn from '../modules/bcp/i18n/en.json';
import bcpJa from '../modules/bcp/i18n/ja.json';
import impactEn from '../modules/impact/i18n/en.json';
import impactJa from '../modules/impact/i18n/ja.json';
import csirtEn from '../modules/csirt/i18n/en.json';
import csirtJa from '../modules/csirt/i18n/ja.json';

// Each newer module keeps its strings beside its pages, in
// src/web/modules/<module>/i18n/{ja,en}.json under one top-level key named after the
// module, so modules built in parallel never edit the same file. They are merged here.

export const ja = {
  ...baseJa,
  ...documentsJa,
  ...exercisesJa,
  ...improvementJa,
  ...assessmentFilesJa,
  ...startersJa,
  ...riskMatrixJa,
  ...incidentsJa,
  ...phishingJa,
  ...bcpJa,
  ...impactJa,
  ...csirtJa,
};

export const en = {
  ...baseEn,
  ...documentsEn,
  ...exercisesEn,
  ...improvementEn,
  ...assessmentFilesEn,
  ...startersEn,
  ...riskMatrixEn,
  ...incidentsEn,
  ...phishingEn,
  ...bcpEn,
  ...impactEn,
  ...csirtEn,
};

/** The separate parts, so a test can prove no two of them claim the same top-level key. */
export const parts: { ja: object[]; en: object[] } = {
  ja: [
    baseJa,
    documentsJa,
    exercisesJa,
    improvementJa,
    assessmentFilesJa,
    startersJa,
    riskMatrixJa,
    incidentsJa,
    phishingJa,
    bcpJa,
    impactJa,
    csirtJa,
  ],
  en: [
    baseEn,
    documentsEn,
    exercisesEn,
    improvementEn,
    assessmentFilesEn,
    startersEn,
    riskMatrixEn,
    incidentsEn,
    phishingEn,
    bcpEn,
    impactEn,
    csirtEn,
  ],
};
