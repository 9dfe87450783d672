import 'reflect-metadata';
import { startServer } from './server-start';

// `node dist/src/main.js` (what `npm start` runs) and `flowgate start` start the same server.
void startServer();
