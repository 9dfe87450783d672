export * from './memory-auth-session.store';
export * from './memory-realm.source';
