import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isValidEmail, normalizeEmail } from '../../spi/email';
import { emailSkeleton } from '../../util/email-skeleton';

/**
 * Adds `users.email_skeleton` (see `UserEntity.emailSkeleton`) with its unique index per realm, and
 * backfills it: every address is normalised again (NFKC, IDNA domain) where that form is free in
 * its realm, and gets its skeleton, oldest account first. An account whose skeleton an older one
 * already holds keeps `null`: it stays as it is, only new lookalikes are refused. It reads the
 * normaliser of its time, unlike the schema-only migrations: the data must match what the code
 * looks up.
 */
export class EmailSkeleton1796100000000 implements MigrationInterface {
  name = 'EmailSkeleton1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('users', new TableColumn({ name: 'email_skeleton', type: 'varchar', length: '64', isNullable: true }));
    const users: Array<{ id: string; realm: string; email: string }> = await queryRunner.query(
      'SELECT id, realm, email FROM users ORDER BY created_at, id',
    );
    // `?` on SQLite, `$1` on PostgreSQL.
    const param = (index: number): string => queryRunner.connection.driver.createParameter(`p${index}`, index);
    const emails = new Set(users.map((u) => `${u.realm}\n${u.email}`));
    const skeletons = new Set<string>();
    for (const user of users) {
      const renormalised = normalizeEmail(user.email);
      let email = user.email;
      if (renormalised !== email && isValidEmail(renormalised) && !emails.has(`${user.realm}\n${renormalised}`)) {
        emails.delete(`${user.realm}\n${email}`);
        emails.add(`${user.realm}\n${renormalised}`);
        email = renormalised;
      }
      const skeleton = emailSkeleton(email);
      const key = `${user.realm}\n${skeleton}`;
      const free = !skeletons.has(key);
      if (free) skeletons.add(key);
      await queryRunner.query(`UPDATE users SET email = ${param(0)}, email_skeleton = ${param(1)} WHERE id = ${param(2)}`, [email, free ? skeleton : null, user.id]);
    }
    await queryRunner.createIndex('users', new TableIndex({ name: 'ux_users_realm_email_skeleton', columnNames: ['realm', 'email_skeleton'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'ux_users_realm_email_skeleton');
    await queryRunner.dropColumn('users', 'email_skeleton');
  }
}
