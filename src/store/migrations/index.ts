import { MailOutbox1795321664363 } from './1795321664363-mail-outbox';
import { InitialSchema1763769600000 } from './1763769600000-initial-schema';
import { UserSessions1795400000000 } from './1795400000000-user-sessions';
import { BruteForce1795600000000 } from './1795600000000-brute-force';
import { Admin1795800000000 } from './1795800000000-admin';
import { OidcClients1796000000000 } from './1796000000000-oidc-clients';
import { ClientSecrets1796000000001 } from './1796000000001-client-secrets';
import { EmailSkeleton1796100000000 } from './1796100000000-email-skeleton';
import { Oidc1796700000000 } from './1796700000000-oidc';
import { KnownDevices1796800000000 } from './1796800000000-known-devices';
import { Passkeys1796900000000 } from './1796900000000-passkeys';
import { RateLimits1797000000000 } from './1797000000000-rate-limits';
import { AskFirst1797200000000 } from './1797200000000-ask-first';

/** Every migration, oldest first, listed explicitly: globs break under jest, compiled output and bundlers. */
export const MIGRATIONS = [
  InitialSchema1763769600000,
  MailOutbox1795321664363,
  UserSessions1795400000000,
  BruteForce1795600000000,
  Admin1795800000000,
  OidcClients1796000000000,
  ClientSecrets1796000000001,
  EmailSkeleton1796100000000,
  Oidc1796700000000,
  KnownDevices1796800000000,
  Passkeys1796900000000,
  RateLimits1797000000000,
  AskFirst1797200000000,
];
