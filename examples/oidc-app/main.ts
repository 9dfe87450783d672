import { startExampleApp } from './example-app';

/** Where `npm start` serves the realm `main` by default. */
const DEFAULT_ISSUER = 'http://127.0.0.1:8080/realms/main';

const issuer = process.env.FLOWGATE_ISSUER?.trim() || DEFAULT_ISSUER;
startExampleApp({ issuer }).then(
  (app) => {
    console.log(`Example app for ${issuer}: open ${app.url}/`);
    const stop = (): void => void app.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
