import { InMemoryTokens, InMemoryUsers } from '../../../src/testing/in-memory-services';
import { tokenServiceContract } from './token-store.contract';
import { userServiceContract } from './user-store.contract';

// The fakes plugin authors test with must keep the promises the server's stores keep.
const nothingToClose = async (): Promise<void> => undefined;

describe('InMemoryTokens', () => {
  tokenServiceContract(async (clock) => ({ tokens: new InMemoryTokens(clock), close: nothingToClose }));
});

describe('InMemoryUsers', () => {
  userServiceContract(async (clock, realm) => ({ users: new InMemoryUsers([], realm, clock), close: nothingToClose }));
});
