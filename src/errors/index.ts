export * from './codes';
export * from './flowgate-error';
