/** Why `housing uh-seed` could not load the synthetic dataset, with the driver's error as `cause`. */

/** Creating the UH tables found one already there (SQL Server error 2714): this UH has its schema. */
export class UhTablesExistError extends Error {
  readonly table: string;
  constructor(table: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`UH has its tables already (creating ${table}${reason})`, options);
    this.name = 'UhTablesExistError';
    this.table = table;
  }
}

/** The SQL Server (or simulator) to seed could not be reached. */
export class UhUnreachableError extends Error {
  constructor(address: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`cannot reach UH at ${address}${reason}`, options);
    this.name = 'UhUnreachableError';
  }
}
