import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates `passkey_credentials` (see `PasskeyCredentialEntity`, #21): users' WebAuthn credentials.
 * Portable: times and the counter are bigint, ids varchar, transports JSON text. Rows go with their
 * user (cascade).
 */
export class Passkeys1796900000000 implements MigrationInterface {
  name = 'Passkeys1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'passkey_credentials',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_passkey_credentials' },
          { name: 'realm', type: 'varchar', length: '100' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'credential_id', type: 'varchar', length: '1400' },
          { name: 'public_key', type: 'text' },
          { name: 'sign_counter', type: 'bigint' },
          { name: 'transports', type: 'text' },
          { name: 'aaguid', type: 'varchar', length: '36' },
          { name: 'backed_up', type: 'boolean' },
          { name: 'multi_device', type: 'boolean' },
          { name: 'label', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_used_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          // An assertion names its credential: one row, whichever realm.
          new TableIndex({ name: 'ux_passkey_credentials_credential_id', columnNames: ['credential_id'], isUnique: true }),
          // A user's passkeys (account page, allowCredentials) and the cascade when a user is deleted.
          new TableIndex({ name: 'ix_passkey_credentials_user_id', columnNames: ['user_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_passkey_credentials_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('passkey_credentials');
  }
}
