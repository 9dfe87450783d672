import type { PluginDefinition } from '../../../src/plugin-kit';
import { chooseDisplayNameAction } from './choose-display-name.action';

export * from './choose-display-name.action';
export * from './display-name-rules';

/** What the server config's `plugins` entry loads from this folder. */
export const plugins: PluginDefinition[] = [chooseDisplayNameAction];
