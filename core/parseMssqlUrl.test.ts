import { formatMssqlUrl, parseMssqlUrl } from './parseMssqlUrl';

describe('parseMssqlUrl', () => {
  it('turns an MSSQL_URL into the driver config, decoding credentials', () => {
    expect(
      parseMssqlUrl(
        'MSSQL_URL',
        'mssql://uh%5Fapp:p%40ss@uh.council.local:14330/uhtlive?encrypt=true&trustServerCertificate=true',
      ),
    ).toEqual({
      server: 'uh.council.local',
      port: 14330,
      user: 'uh_app',
      password: 'p@ss',
      database: 'uhtlive',
      options: { encrypt: true, trustServerCertificate: true },
    });
  });

  it('defaults the port to 1433, the database to uhtlive and encryption on', () => {
    expect(parseMssqlUrl('MSSQL_URL', 'sqlserver://sa:x@db')).toMatchObject({
      port: 1433,
      database: 'uhtlive',
      options: { encrypt: true, trustServerCertificate: false },
    });
  });

  it('round-trips what formatMssqlUrl writes', () => {
    const url = formatMssqlUrl({
      server: '127.0.0.1',
      port: 50123,
      user: 'sa',
      password: 'a b/c',
      database: 'uhtlive',
      encrypt: false,
    });
    expect(parseMssqlUrl('x', url)).toMatchObject({
      server: '127.0.0.1',
      port: 50123,
      password: 'a b/c',
      options: { encrypt: false },
    });
  });

  it.each([
    [
      'postgres://db/housing',
      /expected a URL like mssql:\/\/user:password@host:1433\/uhtlive\?encrypt=false, got "postgres:\/\/db\/housing"/,
    ],
    ['not a url', /got "not a url"/],
    ['mssql://sa:topsecret@db/uhtlive?encrypt=yes', /MSSQL_URL encrypt: expected true or false, got "yes"/],
  ])('rejects %s saying what was expected', (raw, message) => {
    expect(() => parseMssqlUrl('MSSQL_URL', raw)).toThrow(message);
  });

  it('never repeats the password in an error', () => {
    expect(() => parseMssqlUrl('MSSQL_URL', 'http://sa:topsecret@db')).toThrow(/http:\/\/sa:\*\*\*@db/);
  });
});
