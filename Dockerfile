# One image for every housing-graph service; the command picks the role (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --allow-scripts=better-sqlite3,esbuild
COPY . .
USER node
ENTRYPOINT ["node", "bin/housing.cjs"]
