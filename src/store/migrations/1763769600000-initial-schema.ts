import {
  Table,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

// Column shorthands mirroring src/store/entities/columns.ts. A migration is a frozen record of the
// schema at one point in time, so it deliberately does not import the entities' column functions.
const id = (table: string, length = 36): TableColumnOptions => ({
  name: 'id',
  type: 'varchar',
  length: String(length),
  isPrimary: true,
  primaryKeyConstraintName: `pk_${table}`,
});
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
const integer = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const bigint = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
const boolean = (name: string): TableColumnOptions => ({ name, type: 'boolean' });

const REALM = 100;
const UUID = 36;

function cascade(name: string, column: string, referencedTable: string): TableForeignKey {
  return new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: referencedTable,
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });
}

function index(name: string, columnNames: string[], isUnique = false): TableIndex {
  return new TableIndex({ name, columnNames, isUnique });
}

/** The whole schema as of the first release. Written with the Table API so it runs on any engine. */
export class InitialSchema1763769600000 implements MigrationInterface {
  name = 'InitialSchema1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'realms',
        columns: [
          id('realms'),
          varchar('name', REALM),
          varchar('display_name', 255),
          text('settings'),
          integer('version'),
          bigint('created_at'),
          bigint('updated_at'),
        ],
        indices: [index('ux_realms_name', ['name'], true)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'flows',
        columns: [
          id('flows'),
          varchar('realm_id', UUID),
          varchar('alias', 255),
          text('description', true),
          boolean('built_in'),
          integer('version'),
          bigint('created_at'),
          bigint('updated_at'),
        ],
        indices: [index('ux_flows_realm_alias', ['realm_id', 'alias'], true)],
        foreignKeys: [cascade('fk_flows_realm', 'realm_id', 'realms')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'flow_executions',
        columns: [
          id('flow_executions'),
          varchar('flow_id', UUID),
          varchar('parent_id', UUID, true),
          integer('position'),
          varchar('path', 1000),
          varchar('kind', 16),
          varchar('requirement', 16),
          varchar('provider_id', 255, true),
          varchar('sub_flow_alias', 255, true),
          text('sub_flow_description', true),
        ],
        indices: [
          index('ux_flow_executions_flow_path', ['flow_id', 'path'], true),
          index('ix_flow_executions_parent', ['parent_id']),
        ],
        foreignKeys: [
          cascade('fk_flow_executions_flow', 'flow_id', 'flows'),
          cascade('fk_flow_executions_parent', 'parent_id', 'flow_executions'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'execution_configs',
        columns: [id('execution_configs'), varchar('execution_id', UUID), text('config')],
        indices: [index('ux_execution_configs_execution', ['execution_id'], true)],
        foreignKeys: [cascade('fk_execution_configs_execution', 'execution_id', 'flow_executions')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bindings',
        columns: [id('bindings'), varchar('realm_id', UUID), varchar('slot', 64), varchar('flow_alias', 255)],
        indices: [index('ux_bindings_realm_slot', ['realm_id', 'slot'], true)],
        foreignKeys: [cascade('fk_bindings_realm', 'realm_id', 'realms')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'clients',
        columns: [
          id('clients'),
          varchar('realm_id', UUID),
          varchar('client_id', 255),
          integer('position'),
          text('redirect_uris'),
          text('flow_overrides'),
        ],
        indices: [index('ux_clients_realm_client_id', ['realm_id', 'client_id'], true)],
        foreignKeys: [cascade('fk_clients_realm', 'realm_id', 'realms')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id('users'),
          varchar('realm', REALM),
          varchar('email', 254),
          boolean('email_verified'),
          boolean('enabled'),
          bigint('created_at'),
        ],
        indices: [index('ux_users_realm_email', ['realm', 'email'], true)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_attributes',
        columns: [id('user_attributes'), varchar('user_id', UUID), varchar('name', 255), integer('position'), text('value')],
        indices: [index('ux_user_attributes_user_name_position', ['user_id', 'name', 'position'], true)],
        foreignKeys: [cascade('fk_user_attributes_user', 'user_id', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_required_actions',
        columns: [id('user_required_actions'), varchar('user_id', UUID), varchar('action_id', 255), bigint('created_at')],
        indices: [index('ux_user_required_actions_user_action', ['user_id', 'action_id'], true)],
        foreignKeys: [cascade('fk_user_required_actions_user', 'user_id', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'auth_sessions',
        columns: [
          id('auth_sessions', 64),
          varchar('root_id', 64),
          varchar('realm', REALM),
          text('state'),
          integer('step'),
          bigint('expires_at'),
          bigint('created_at'),
          bigint('updated_at'),
        ],
        indices: [index('ix_auth_sessions_root_id', ['root_id']), index('ix_auth_sessions_expires_at', ['expires_at'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'single_use_tokens',
        columns: [
          id('single_use_tokens'),
          varchar('realm', REALM),
          varchar('purpose', 64),
          varchar('subject', 255),
          varchar('hash', 64),
          text('data'),
          bigint('expires_at'),
          bigint('consumed_at', true),
          bigint('created_at'),
        ],
        indices: [
          index('ux_single_use_tokens_hash', ['hash'], true),
          index('ix_single_use_tokens_purpose_subject', ['purpose', 'subject']),
          index('ix_single_use_tokens_expires_at', ['expires_at']),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          id('events'),
          varchar('realm', REALM),
          varchar('type', 64),
          varchar('user_id', 64, true),
          varchar('client_id', 255, true),
          varchar('ip', 64, true),
          varchar('error', 255, true),
          text('details', true),
          bigint('time'),
        ],
        indices: [
          index('ix_events_realm_time', ['realm', 'time']),
          index('ix_events_realm_type', ['realm', 'type']),
          index('ix_events_realm_user', ['realm', 'user_id']),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Children before parents, so no foreign key is ever left dangling.
    for (const table of [
      'events',
      'single_use_tokens',
      'auth_sessions',
      'user_required_actions',
      'user_attributes',
      'users',
      'clients',
      'bindings',
      'execution_configs',
      'flow_executions',
      'flows',
      'realms',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
