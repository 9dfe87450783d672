import { OutboxMessageEntity } from '../../src/store';
import { openMailDb } from './mail-test-kit';

describe('mail outbox migration', () => {
  it('creates exactly the columns and indexes the entity maps, and drops them again', async () => {
    const db = await openMailDb();
    try {
      const runner = db.createQueryRunner();
      const table = await runner.getTable('mail_outbox');
      const metadata = db.getMetadata(OutboxMessageEntity);
      expect(table?.columns.map((c) => c.name).sort()).toEqual(metadata.columns.map((c) => c.databaseName).sort());
      expect(table?.indices).toHaveLength(2);
      expect(table?.indices.map((i) => [i.name, i.columnNames]).sort()).toEqual(
        metadata.indices.map((i) => [i.name, i.columns.map((c) => c.databaseName)]).sort(),
      );
      for (const column of metadata.columns) {
        expect([column.databaseName, table?.findColumnByName(column.databaseName)?.isNullable]).toEqual([column.databaseName, column.isNullable]);
      }

      await db.undoLastMigration();
      expect(await runner.hasTable('mail_outbox')).toBe(false);
      await runner.release();
    } finally {
      await db.destroy();
    }
  });
});
