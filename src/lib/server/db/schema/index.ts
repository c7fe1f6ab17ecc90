// One file per domain; each exports its tables and their inferred types.
export * from './auth';
export * from './content';
export * from './search';
