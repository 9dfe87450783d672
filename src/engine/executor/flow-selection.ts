import { FlowgateError } from '../../errors';
import { BINDING_SLOTS, CLIENT_OVERRIDE_SLOTS, type BindingSlot, type ClientDefinition, type FlowNode, type RealmDefinition } from '../model';

/** The flow a sign-in runs and the validated facts it starts with. */
export interface FlowSelection {
  readonly flow: FlowNode;
  readonly client: ClientDefinition | undefined;
  readonly redirectUri: string | undefined;
}

/**
 * Picks the flow for a new sign-in: the client's override for the slot, else the realm's binding.
 * The client must exist and the redirect URI must equal one of its URIs exactly (no prefix, no
 * wildcard, no normalisation), the only safe rule against open redirects.
 */
export function selectFlow(realm: RealmDefinition, slot: BindingSlot, clientId: string | undefined, redirectUri: string | undefined): FlowSelection {
  if (!(BINDING_SLOTS as readonly string[]).includes(slot)) {
    throw new FlowgateError('FG_FLOW_NOT_BOUND', `'${String(slot)}' is not a binding slot`);
  }
  let client: ClientDefinition | undefined;
  if (clientId !== undefined) {
    client = realm.clients.find((c) => c.clientId === clientId);
    if (!client) throw new FlowgateError('FG_UNKNOWN_CLIENT', `client '${clientId}' in realm '${realm.name}'`);
  }
  if (redirectUri !== undefined && !client?.redirectUris.includes(redirectUri)) {
    throw new FlowgateError('FG_INVALID_REDIRECT_URI', client ? `not registered for client '${client.clientId}'` : 'a redirect URI needs a client');
  }
  const override = client && (CLIENT_OVERRIDE_SLOTS as readonly string[]).includes(slot) ? client.flowOverrides[slot as keyof ClientDefinition['flowOverrides']] : undefined;
  const alias = override ?? realm.bindings[slot];
  if (alias === undefined) throw new FlowgateError('FG_FLOW_NOT_BOUND', `realm '${realm.name}' binds no flow to '${slot}'`);
  const flow = realm.flows.get(alias);
  if (!flow) throw new FlowgateError('FG_FLOW_NOT_BOUND', `realm '${realm.name}' binds '${slot}' to flow '${alias}', which does not exist`);
  return { flow, client, redirectUri };
}
