// Placeholder replaced by the PostgreSQL test bootstrap (see test/pg).
export default async function globalSetup(): Promise<void> {}
