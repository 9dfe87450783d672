import fs from 'node:fs';
import path from 'node:path';

/**
 * The directory holding Flowgate's own package.json: where the shipped `flows/` and `templates/`
 * are, whether the code runs from `src/` (tests) or from the compiled `dist/src/`.
 */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'flowgate') return dir;
    if (path.dirname(dir) === dir) throw new Error(`Flowgate's package.json was not found above ${from}`);
  }
}
