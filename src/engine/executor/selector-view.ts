import type { ChallengeView } from '../../spi/view';
import type { PluginRegistry } from '../plugin-registry';
import type { AlternativeOption } from '../try-another-way';
import type { StepOption } from './types';

/** The view id of the "try another way" chooser. */
export const SELECT_AUTHENTICATOR_VIEW = 'select-authenticator';
/** The form field the chooser submits the chosen option's id in. */
const SELECT_AUTHENTICATOR_FIELD = 'choice';
/** Message key of the chooser field's label. */
const SELECT_AUTHENTICATOR_LABEL = 'field.authenticator';

/** The options as clients see them, with a plain-words name for each. */
export function describeOptions(options: readonly AlternativeOption[], registry: PluginRegistry): StepOption[] {
  return options.map((option) => ({
    id: option.id,
    displayKey: option.displayKey,
    displayName:
      option.kind === 'authenticator'
        ? (registry.authenticator(option.name)?.definition.displayName ?? option.name)
        : (option.description ?? option.name),
  }));
}

/** The chooser: one `select` field listing the options, and the options in the model for templates. */
export function selectorView(options: readonly StepOption[]): ChallengeView {
  return {
    view: SELECT_AUTHENTICATOR_VIEW,
    model: { options: options.map((o) => ({ ...o })) },
    fields: [
      {
        name: SELECT_AUTHENTICATOR_FIELD,
        type: 'select',
        label: SELECT_AUTHENTICATOR_LABEL,
        required: true,
        options: options.map((o) => ({ value: o.id, label: o.displayKey })),
      },
    ],
  };
}
