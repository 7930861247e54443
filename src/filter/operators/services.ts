// Service names for PORT literals (`fd.sport = ssh`). libsinsp calls
// getservbyname(name, NULL), i.e. the first /etc/services entry whose name or
// alias matches, for any protocol. The file is read once, on first use; a
// small built-in table covers systems without one, so rules stay portable.
import fs from 'node:fs';

const BUILTIN: ReadonlyArray<readonly [string, number]> = [
  ['ftp-data', 20], ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['mail', 25],
  ['domain', 53], ['tftp', 69], ['http', 80], ['www', 80], ['kerberos', 88], ['pop3', 110],
  ['sunrpc', 111], ['ntp', 123], ['imap2', 143], ['imap', 143], ['snmp', 161], ['ldap', 389],
  ['https', 443], ['submission', 587], ['ldaps', 636], ['imaps', 993], ['pop3s', 995],
  ['mysql', 3306], ['postgresql', 5432],
];

let table: Map<string, number> | undefined;

export function lookupServicePort(name: string): number | undefined {
  table ??= loadServices();
  return table.get(name);
}

function loadServices(): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of readServicesFile().split('\n')) addServiceLine(map, line);
  for (const [name, port] of BUILTIN) if (!map.has(name)) map.set(name, port);
  return map;
}

function readServicesFile(): string {
  try {
    return fs.readFileSync('/etc/services', 'utf8');
  } catch {
    return '';
  }
}

/** `name port/proto [aliases...] [# comment]`; the first definition of a name wins. */
function addServiceLine(map: Map<string, number>, line: string): void {
  const fields = line.replace(/#.*/, '').trim().split(/\s+/);
  const portProto = fields[1];
  if (fields.length < 2 || portProto === undefined) return;
  const port = Number(portProto.split('/')[0]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return;
  for (const name of [fields[0], ...fields.slice(2)]) {
    if (name !== undefined && name !== '' && !map.has(name)) map.set(name, port);
  }
}
