import { randomUUID } from 'node:crypto';
import type { Execution, FlowNode } from '../engine';
import type { ExecutionConfigEntity } from './entities/execution-config.entity';
import type { FlowExecutionEntity } from './entities/flow-execution.entity';

/**
 * How a resolved flow tree maps to rows, and back. Each top-level flow owns every execution of its
 * tree (`flow_id`); sub-flows are executions of kind `flow` that carry the sub-flow's alias and
 * description, and their children point at them (`parent_id`). A flow referenced from another one
 * is stored as a copy under the referencing flow, because the loader gives the copy its own
 * execution ids (`<referencing path>/...`). The model's execution id is stored as `path`.
 */

/** The rows of one flow's tree, parents before children. */
export interface FlowRows {
  executions: FlowExecutionEntity[];
  configs: ExecutionConfigEntity[];
}

/** Turns `node`'s tree into rows belonging to the flow row `flowId`. */
export function flattenFlow(flowId: string, node: FlowNode): FlowRows {
  const rows: FlowRows = { executions: [], configs: [] };
  const walk = (executions: readonly Execution[], parentId: string | null): void => {
    executions.forEach((execution, position) => {
      const id = randomUUID();
      const isFlow = execution.kind === 'flow';
      rows.executions.push({
        id,
        flowId,
        parentId,
        position,
        path: execution.id,
        kind: execution.kind,
        requirement: execution.requirement,
        providerId: isFlow ? null : execution.provider,
        subFlowAlias: isFlow ? execution.flow.alias : null,
        subFlowDescription: isFlow ? (execution.flow.description ?? null) : null,
        askFirst: isFlow && execution.askFirst === true,
      });
      if (isFlow) walk(execution.flow.executions, id);
      else if (execution.config !== undefined) rows.configs.push({ id: randomUUID(), executionId: id, config: { ...execution.config } });
    });
  };
  walk(node.executions, null);
  return rows;
}

/** Rebuilds a flow's tree from its rows (in any order). */
export function buildFlow(
  alias: string,
  description: string | null,
  executions: readonly FlowExecutionEntity[],
  configs: readonly ExecutionConfigEntity[],
): FlowNode {
  const configByExecution = new Map(configs.map((c) => [c.executionId, c.config]));
  const children = new Map<string | null, FlowExecutionEntity[]>();
  for (const row of executions) {
    const siblings = children.get(row.parentId) ?? [];
    siblings.push(row);
    children.set(row.parentId, siblings);
  }
  const level = (parentId: string | null): Execution[] =>
    (children.get(parentId) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((row): Execution => {
        if (row.kind === 'flow') {
          return {
            kind: 'flow',
            id: row.path,
            requirement: row.requirement,
            flow: node(row.subFlowAlias ?? '', row.subFlowDescription, level(row.id)),
            ...(row.askFirst && { askFirst: true }),
          };
        }
        return {
          kind: row.kind,
          id: row.path,
          requirement: row.requirement,
          provider: row.providerId ?? '',
          config: configByExecution.get(row.id),
        };
      });
  return node(alias, description, level(null));
}

/**
 * `node` as it will read back from the tables: only the fields the model defines, so anything
 * else a caller attached does not count as a change.
 */
export function normalizeFlow(node: FlowNode): FlowNode {
  const rows = flattenFlow('', node);
  return buildFlow(node.alias, node.description ?? null, rows.executions, rows.configs);
}

function node(alias: string, description: string | null, executions: Execution[]): FlowNode {
  return description === null ? { alias, executions } : { alias, description, executions };
}
