/**
 * The text of a write that gives back columns of the row it wrote, without an OUTPUT clause. SQL Server
 * refuses `OUTPUT` without `INTO` on a table with enabled triggers (error 334: "The target table '...' of the
 * DML statement cannot have any enabled triggers if the statement contains an OUTPUT clause without INTO
 * clause", https://learn.microsoft.com/en-us/sql/t-sql/queries/output-clause-transact-sql#remarks), and UH's
 * tables have triggers (vendor integrations insert into u_sentToAppointmentSys to hold them off). So the row
 * is read back by its key in the same batch (one round trip), and only when the write affected a row:
 * `@@ROWCOUNT` is kept in a variable at once, since the next statement resets it
 * (https://learn.microsoft.com/en-us/sql/t-sql/functions/rowcount-transact-sql). Called inside the writing
 * transaction, whose exclusive lock on the row holds until it ends, what is read is the row as this write
 * (and any trigger) left it: the version forward capture will see.
 */
export function writeThenRead(
  write: string,
  read: { readonly columns: string; readonly table: string; readonly where: string },
): string {
  return `DECLARE @written int;
${write};
SET @written = @@ROWCOUNT;
SELECT ${read.columns} FROM ${read.table} WHERE ${read.where} AND @written > 0`;
}
