import path from 'node:path';

const UI_JS = path.join(__dirname, '..', '..', '..', 'admin-ui', 'js');

/**
 * The exports of a module of the admin UI. Its types live in the UI's own project
 * (admin-ui/tsconfig.json checks the JavaScript with them); this project reads no JavaScript, so
 * here the functions are untyped and the tests say what they expect of them.
 */
export type UiModule = Record<string, (...args: any[]) => any>;

/**
 * Loads a module of the admin UI (a browser ES module) by path: jest's swc transform turns it into
 * CommonJS like any other source.
 */
export async function uiModule(name: string): Promise<UiModule> {
  return (await import(path.join(UI_JS, name))) as UiModule;
}
