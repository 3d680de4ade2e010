# huanbao-bot, production image (docs/operations.md). Three stages: compile, install production
# dependencies, run. Not built on the development machine (it has no container engine): see the README.
#   docker build -t huanbao-bot .            (WeChat support: --build-arg WECHAT=yes)

# 1. Bundle the bot into dist/ with esbuild (app/build.mjs; full install: the build tools live only here).
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only: no TypeScript, no test tools, no font package. better-sqlite3
#    compiles here; wechaty (optional) only when asked for.
FROM node:20-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
ARG WECHAT=no
RUN if [ "$WECHAT" = yes ]; then npm ci --omit=dev --no-audit --no-fund; \
    else npm ci --omit=dev --omit=optional --no-audit --no-fund; fi

# 3. Run: compiled JavaScript with node, as the unprivileged "node" user; data and backups on volumes.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    SQLITE_PATH=/data/huanbao.sqlite \
    BACKUP_DIR=/backups \
    OPS_HOST=0.0.0.0 \
    OPS_PORT=9464
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY app/run-entry.mjs ./app/
RUN mkdir -p /data /backups && chown node:node /data /backups
USER node
VOLUME ["/data", "/backups"]
# 8080: WeCom callback (WECOM_CALLBACK_PORT); 9464: /healthz and /metrics (keep it internal).
EXPOSE 8080 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.OPS_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
