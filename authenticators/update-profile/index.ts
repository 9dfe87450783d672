export { UPDATE_PROFILE_ID, updateProfileAction } from './update-profile.action';
export * from './messages';
