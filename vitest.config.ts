import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds dist/web when it is missing or older than web/ (the browser tests open the built app).
    globalSetup: ['test/helpers/web-build.ts'],
  },
});
