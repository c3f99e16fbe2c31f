// Starts a real PostgreSQL server (Debian's postgresql package: initdb and pg_ctl) in a temporary directory on a free
// loopback port, as cnpg-backend's TestPostgres does: TLS only with a throwaway self-signed certificate and SCRAM
// passwords over TCP, like a CloudNativePG instance, and pg_stat_statements loaded. PostgreSQL refuses to run as
// root: as root, the server and psql run as Debian's postgres user. Set-up statements go through psql on the
// server's Unix socket, in that private directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, rmSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePortBelowEphemeral } from './servers.mjs';

function binaries() {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((m) => existsSync(path.join(base, m, 'bin', 'initdb'))) : [];
  if (majors.length === 0) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  majors.sort((a, b) => Number(a) - Number(b));
  return path.join(base, majors.at(-1), 'bin');
}

export async function startPostgres() {
  const bin = binaries();
  const root = userInfo().username === 'root';
  const as = (command, args) => (root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  const run = (command, args, options = {}) => {
    const [c, a] = as(command, args);
    return execFileSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'], ...options }).toString();
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-pg-'));
  const data = path.join(dir, 'data');
  if (root) execFileSync('chown', ['postgres', dir]);
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  execFileSync('openssl', ['req', '-new', '-x509', '-days', '2', '-nodes', '-subj', '/CN=localhost',
    '-keyout', path.join(data, 'server.key'), '-out', path.join(data, 'server.crt')], { stdio: 'ignore' });
  chmodSync(path.join(data, 'server.key'), 0o600);
  if (root) execFileSync('chown', ['postgres', path.join(data, 'server.key'), path.join(data, 'server.crt')]);
  // TCP only with TLS and a password; the Unix socket, in the private directory, for set-up.
  writeFileSync(path.join(data, 'pg_hba.conf'), 'local all postgres trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
  const port = await freePortBelowEphemeral();
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', path.join(dir, 'server.log'), '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c ssl=on -c fsync=off `
    + '-c shared_preload_libraries=pg_stat_statements', 'start']);
  const psql = (database, sql) => run(path.join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port),
    '-U', 'postgres', '-d', database, '-c', sql]);
  const stop = () => {
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch (e) {
      console.error(`could not stop the PostgreSQL in ${dir}: ${e.message}`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { port, psql, stop, version: run(path.join(bin, 'postgres'), ['--version']).trim() };
}
