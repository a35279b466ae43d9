# syntax=docker/dockerfile:1
# interview-caller: build with the dev dependencies, run with the production ones only, as a non-root user.
# Checked here without an engine: test/ops/image-steps.test.ts runs these steps with plain npm (see docs/deploy.md).

# Node 20 on Debian slim, the same for every stage (better-sqlite3's native build must match the runtime's libc).
ARG NODE_IMAGE=node:20-slim

# Compilers for better-sqlite3's native module (when no prebuilt binary matches, it builds from source).
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Build: every dependency, then TypeScript to dist/ and the dashboard (Vite) to dist/web.
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build

# Production dependencies only, native module built here, copied into the runtime as they are.
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# Runtime: no compilers, no dev dependencies, no sources; the `node` user (uid 1000) owns only /data.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/data \
    DATABASE_URL=sqlite:/data/interview-caller.db \
    LOG_FILE=/data/conversation.log \
    LOG_PRETTY=false
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 8000
# Liveness only (the database answers); load balancers should use GET /ready. No curl in slim: Node's own fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node directly (not npm): SIGTERM reaches the service, which drains for DRAIN_SECONDS and closes gracefully.
CMD ["node", "--max-semi-space-size=8", "dist/src/main.js"]
