import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The TCP connections a process holds to anything but this machine's loopback (Linux: its socket fds
 * matched against /proc/net/tcp and tcp6). The bench expects none from a gateway: no CDN, no usage
 * reporting, no telemetry, only the subgraphs on 127.0.0.1.
 */
export function externalConnections(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // The fd closed while we looked.
    }
  }
  const external: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const remote = fields[2] ?? '';
      const inode = fields[9] ?? '';
      if (!inodes.has(inode)) continue;
      const [addressHex = '', portHex = '0'] = remote.split(':');
      const address = decodeAddress(addressHex);
      // 0.0.0.0 / :: is a listening socket's unset remote end.
      if (address === undefined || address === 'any' || address === 'loopback') continue;
      external.push(`${address}:${parseInt(portHex, 16)}`);
    }
  }
  return external;
}

/**
 * /proc/net/tcp addresses are hex in host byte order (little-endian words on x86 and arm64): a dotted
 * IPv4 address, the IPv6 hex, or 'any' (unset) and 'loopback'.
 */
export function decodeAddress(hex: string): string | undefined {
  if (/^0+$/.test(hex)) return 'any';
  if (hex.length === 8) {
    const bytes = [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return bytes[0] === 127 ? 'loopback' : bytes.join('.');
  }
  if (hex.length === 32) {
    if (hex === '00000000000000000000000001000000') return 'loopback';
    // IPv4-mapped (::ffff:a.b.c.d): the last word holds the IPv4 address.
    if (hex.startsWith('0000000000000000FFFF0000')) return decodeAddress(hex.slice(24));
    return hex;
  }
  return undefined;
}
