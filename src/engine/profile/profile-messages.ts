/** The profile's validation messages are part of the plugin contract (`src/spi/profile.ts`). */
export { type ProfileFieldError } from '../../spi/profile';
