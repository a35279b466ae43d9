import { readFileSync } from 'node:fs';

/** The package version, read once (works from src/ under tsx and from dist/src/ after a build). */
export const VERSION: string = (() => {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'interview-caller' && pkg.version !== undefined) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
})();
