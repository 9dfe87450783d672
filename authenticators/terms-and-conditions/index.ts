export { paragraphs, TERMS_AND_CONDITIONS_ID, termsAndConditionsAction, type TermsConfig } from './terms-and-conditions.action';
export * from './messages';
