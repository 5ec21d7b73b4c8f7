// Every module's tables, for the query builder's types and for drizzle-kit's migrations.
export * from '../modules/identity/tables';
export * from '../modules/organizations/tables';
export * from '../modules/experts/tables';
export * from '../modules/programs/tables';
export * from '../modules/audit/tables';
export * from '../modules/mail/tables';
export * from '../modules/phishing/tables';
export * from '../modules/assessments/tables';
export * from '../modules/assets/tables';
export * from '../modules/risks/tables';
export * from '../modules/impact/tables';
export * from '../modules/bcp/tables';
export * from '../modules/improvement/tables';
export * from '../modules/documents/tables';
export * from '../modules/csirt/tables';
export * from '../modules/incidents/tables';
export * from '../modules/exercises/tables';
