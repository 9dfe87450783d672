export { assertRelyingParty, relyingPartyOf, relyingPartyProblems, type PasskeySettings } from './relying-party';
