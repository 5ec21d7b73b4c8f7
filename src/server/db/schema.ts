// Every module's tables, for the query builder's types and for drizzle-kit's migrations.
export * from '../modules/identity/tables';
export * from '../modules/organizations/tables';
export * from '../modules/experts/tables';
export * from '../modules/programs/tables';
export * from '../modules/audit/tables';
export * from '../modules/mail/tables';
