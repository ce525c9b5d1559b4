/**
 * Numeric constants of the TDS 7.4 wire protocol (MS-TDS). Names follow the specification so a
 * reader can look each one up; only the values the simulator sends or understands are listed.
 */

/** MS-TDS 2.2.3.1.1: packet header Type. */
export const PacketType = {
  SqlBatch: 0x01,
  RpcRequest: 0x03,
  TabularResult: 0x04,
  Attention: 0x06,
  BulkLoad: 0x07,
  TransactionManager: 0x0e,
  Login7: 0x10,
  Sspi: 0x11,
  Prelogin: 0x12,
} as const;

/** MS-TDS 2.2.3.1.2: packet header Status bits. */
export const PacketStatus = {
  Eom: 0x01,
  Ignore: 0x02,
  ResetConnection: 0x08,
  ResetConnectionSkipTran: 0x10,
} as const;

export const PACKET_HEADER_LENGTH = 8;
/** Used until LOGIN7 negotiates another size (tedious asks for 4096 unless configured). */
export const DEFAULT_PACKET_SIZE = 4096;
export const MIN_PACKET_SIZE = 512;
export const MAX_PACKET_SIZE = 32767;

/** MS-TDS 2.2.7: token stream token types. */
export const TokenType = {
  ColMetadata: 0x81,
  Order: 0xa9,
  Error: 0xaa,
  Info: 0xab,
  ReturnValue: 0xac,
  LoginAck: 0xad,
  FeatureExtAck: 0xae,
  Row: 0xd1,
  NbcRow: 0xd2,
  EnvChange: 0xe3,
  ReturnStatus: 0x79,
  Done: 0xfd,
  DoneProc: 0xfe,
  DoneInProc: 0xff,
} as const;

/** MS-TDS 2.2.7.6: DONE / DONEPROC / DONEINPROC Status bits. */
export const DoneStatus = {
  Final: 0x0000,
  More: 0x0001,
  Error: 0x0002,
  InXact: 0x0004,
  Count: 0x0010,
  Attn: 0x0020,
  SrvError: 0x0100,
} as const;

/** DONE CurCmd values SQL Server reports (informational; clients do not depend on them). */
export const CurCmd = { None: 0x00, Select: 0xc1 } as const;

/** MS-TDS 2.2.7.9: ENVCHANGE types the simulator sends. */
export const EnvChangeType = {
  Database: 1,
  Language: 2,
  PacketSize: 4,
  SqlCollation: 7,
  BeginTransaction: 8,
  CommitTransaction: 9,
  RollbackTransaction: 10,
  ResetConnectionAck: 18,
} as const;

/** MS-TDS 2.2.5.4: data type identifiers (TYPE_INFO). */
export const TypeId = {
  Null: 0x1f,
  Int1: 0x30,
  Bit: 0x32,
  Int2: 0x34,
  Int4: 0x38,
  DateTim4: 0x3a,
  Flt4: 0x3b,
  Money: 0x3c,
  DateTime: 0x3d,
  Flt8: 0x3e,
  Money4: 0x7a,
  Int8: 0x7f,
  Guid: 0x24,
  IntN: 0x26,
  DateN: 0x28,
  TimeN: 0x29,
  DateTime2N: 0x2a,
  DateTimeOffsetN: 0x2b,
  BitN: 0x68,
  DecimalN: 0x6a,
  NumericN: 0x6c,
  FltN: 0x6d,
  MoneyN: 0x6e,
  DateTimN: 0x6f,
  Text: 0x23,
  Image: 0x22,
  NText: 0x63,
  BigVarBinary: 0xa5,
  BigVarChar: 0xa7,
  BigBinary: 0xad,
  BigChar: 0xaf,
  NVarChar: 0xe7,
  NChar: 0xef,
  Xml: 0xf1,
} as const;

/** A (max) column or parameter announces this length and sends its value as PLP. */
export const MAX_LENGTH_MARKER = 0xffff;
export const PLP_NULL = 0xffffffffffffffffn;
export const PLP_UNKNOWN_LENGTH = 0xfffffffffffffffen;

/** MS-TDS 2.2.6.9: transaction manager request types. */
export const TransactionRequestType = {
  GetDtcAddress: 0,
  Propagate: 1,
  Begin: 5,
  Promote: 6,
  Commit: 7,
  Rollback: 8,
  Save: 9,
} as const;

/** MS-TDS 2.2.6.6: well-known procedure ids an RPC request may name instead of a procedure name. */
export const ProcIdName: Readonly<Record<number, string>> = {
  1: 'sp_cursor',
  2: 'sp_cursoropen',
  3: 'sp_cursorprepare',
  4: 'sp_cursorexecute',
  5: 'sp_cursorprepexec',
  6: 'sp_cursorunprepare',
  7: 'sp_cursorfetch',
  8: 'sp_cursoroption',
  9: 'sp_cursorclose',
  10: 'sp_executesql',
  11: 'sp_prepare',
  12: 'sp_execute',
  13: 'sp_prepexec',
  14: 'sp_prepexecrpc',
  15: 'sp_unprepare',
};

/**
 * SQL_Latin1_General_CP1_CI_AS, the collation a default UH install uses: LCID 0x0409, flags
 * IgnoreCase|IgnoreKana|IgnoreWidth, sort id 52 (code page 1252). Five bytes as in MS-TDS 2.2.5.1.2.
 */
export const DEFAULT_COLLATION: Buffer = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

/** The TDS version this server speaks, as LOGINACK carries it (big-endian on the wire). */
export const TDS_VERSION_7_4 = 0x74000004;
