import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Adds the OpenID Connect options to `clients` (see `ClientEntity`). Every new column is nullable
 * or has the realm schema's default, so existing rows become public clients with the default
 * grants on SQLite and PostgreSQL alike. JSON is text; `consent_required` a portable boolean.
 */
export class OidcClients1796000000000 implements MigrationInterface {
  name = 'OidcClients1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('clients', [
      new TableColumn({ name: 'client_type', type: 'varchar', length: '16', default: "'public'" }),
      new TableColumn({ name: 'post_logout_redirect_uris', type: 'text', default: "'[]'" }),
      new TableColumn({ name: 'web_origins', type: 'text', default: "'[]'" }),
      new TableColumn({ name: 'grant_types', type: 'text', default: `'["authorization_code","refresh_token"]'` }),
      new TableColumn({ name: 'consent_required', type: 'boolean', default: 'false' }),
      new TableColumn({ name: 'backchannel_logout_uri', type: 'varchar', length: '2000', isNullable: true }),
      new TableColumn({ name: 'secret_env', type: 'varchar', length: '128', isNullable: true }),
      new TableColumn({ name: 'token_lifetimes', type: 'text', default: "'{}'" }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['token_lifetimes', 'secret_env', 'backchannel_logout_uri', 'consent_required', 'grant_types', 'web_origins', 'post_logout_redirect_uris', 'client_type']) {
      await queryRunner.dropColumn('clients', column);
    }
  }
}
