import { storageError, storageErrorCode } from '../../src/store/storage-errors';

describe('storage errors: the one mapping to FG_STORAGE_FULL / FG_STORAGE_READ_ONLY', () => {
  test.each([
    ['SQLITE_FULL', 'FG_STORAGE_FULL'],
    ['ENOSPC', 'FG_STORAGE_FULL'],
    ['EDQUOT', 'FG_STORAGE_FULL'],
    ['SQLITE_READONLY', 'FG_STORAGE_READ_ONLY'],
    ['SQLITE_READONLY_DBMOVED', 'FG_STORAGE_READ_ONLY'],
    ['EROFS', 'FG_STORAGE_READ_ONLY'],
    ['EACCES', 'FG_STORAGE_READ_ONLY'],
    ['SQLITE_BUSY', undefined],
    ['ENOENT', undefined],
  ])('%s -> %s, on the error or on the driver error typeorm wraps', (code, expected) => {
    expect(storageErrorCode(Object.assign(new Error('x'), { code }))).toBe(expected);
    expect(storageErrorCode(Object.assign(new Error('x'), { driverError: { code } }))).toBe(expected);
  });

  test('the coded error names the path; anything else is not one', () => {
    const coded = storageError(Object.assign(new Error('read-only file system'), { code: 'EROFS' }), '/var/lib/flowgate');
    expect(coded).toMatchObject({ code: 'FG_STORAGE_READ_ONLY', status: 503 });
    expect(coded!.message).toContain('/var/lib/flowgate');
    expect(storageError(new Error('boom'), '/x')).toBeUndefined();
    expect(storageErrorCode(undefined)).toBeUndefined();
  });
});
