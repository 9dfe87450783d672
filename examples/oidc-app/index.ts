export { startExampleApp, type ExampleApp, type ExampleAppOptions } from './example-app';
export { ERROR_HEADING, HOME_HEADING, SIGNED_IN_HEADING } from './pages';
