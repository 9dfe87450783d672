import path from 'node:path';
import { projectRoot } from '../util/project-root';

/** Where the shipped templates live. */
export const TEMPLATES_DIR = path.join(projectRoot(), 'templates');
