# One image for every housing-graph service; the command picks the role (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --allow-scripts=better-sqlite3,esbuild
COPY . .
USER node
# A larger young generation: the gateway allocates per request (JSON in and out, result trees) and spent
# ~18% of its CPU in scavenges with the default; 32 MB semi-spaces took about 15% off its CPU per request
# (npm run bench -- gateway). Harmless for the other roles.
ENTRYPOINT ["node", "--max-semi-space-size=32", "bin/housing.cjs"]
