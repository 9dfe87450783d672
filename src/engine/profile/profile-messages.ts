/** The profile's validation messages are part of the plugin contract (`src/spi/profile.ts`). */
export { PROFILE_MESSAGES, type ProfileFieldError } from '../../spi/profile';
