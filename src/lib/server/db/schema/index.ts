// One file per domain; each exports its tables and their inferred types.
export * from './auth';
export * from './settings';
export * from './cohorts';
export * from './notifications';
export * from './audit';
export * from './recovery';
export * from './content';
export * from './search';
export * from './forum';
export * from './feedback';
export * from './privacy';
export * from './quiz';
export * from './exercises';
export * from './labs';
export * from './regrade';
export * from './grading';
export * from './cache';
