// Conformance scenario for Node's mysql2 (text protocol with query(), binary protocol with execute()).
// Usage: node mysql2-conformance.js HOST PORT USER PASSWORD DATABASE   (mysql2 resolved via NODE_PATH)
// Prints one JSON line per step: results, field metadata, OK packets (affected rows, insert ids, warnings,
// server status), errors (code, errno, SQLSTATE). A run directly against MariaDB and one through the proxy
// must print the same lines.
const mysql = require('mysql2/promise');
const [host, port, user, password, database] = process.argv.slice(2);

function fields(f) {
  return (f || []).map(x => Array.isArray(x) ? fields(x)
    : [x.name, x.orgName, x.table, x.columnType, x.characterSet, x.columnLength, x.flags, x.decimals]);
}

function ok(r) {
  if (Array.isArray(r)) return r.map(ok);
  if (r && r.constructor && r.constructor.name === 'ResultSetHeader') {
    return {affectedRows: r.affectedRows, insertId: r.insertId, warningStatus: r.warningStatus,
      serverStatus: r.serverStatus, changedRows: r.changedRows, info: r.info};
  }
  return r;
}

async function step(name, fn) {
  try {
    const [rows, f] = await fn();
    console.log(JSON.stringify({step: name, rows: ok(rows), fields: fields(f)},
      (k, v) => typeof v === 'bigint' ? v.toString() : (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v)));
  } catch (e) {
    console.log(JSON.stringify({step: name, error: e.code, errno: e.errno, sqlState: e.sqlState, message: e.sqlMessage}));
  }
}

(async () => {
  const c = await mysql.createConnection({host, port: +port, user, password, database, multipleStatements: true,
    dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, charset: 'utf8mb4_general_ci'});
  await step('mode', () => c.query("SET SESSION sql_mode = ''"));
  await step('create', () => c.query('CREATE TABLE n (id INT PRIMARY KEY AUTO_INCREMENT, s VARCHAR(30), ' +
    'd DATETIME, b BLOB, u BIGINT UNSIGNED, j JSON, dec_ DECIMAL(20,5))'));
  await step('insert', () => c.query("INSERT INTO n (s, d, b, u, j, dec_) VALUES ('emoji 😀', '0000-00-00 00:00:00', " +
    "x'00ff', 18446744073709551615, '[1, {\"a\": 2}]', -123.45678), ('中文', '2024-02-29 01:02:03', NULL, 0, NULL, 0)"));
  await step('select', () => c.query('SELECT * FROM n ORDER BY id'));
  await step('warning', () => c.query("INSERT INTO n (s) VALUES ('this string is far too long for thirty')"));
  await step('multi', () => c.query('SELECT 1 AS one; SELECT s FROM n WHERE id = 1; UPDATE n SET u = 1 WHERE id = 2'));
  await step('error', () => c.query('SELECT * FROM missing'));
  await step('dup', () => c.query("INSERT INTO n (id, s) VALUES (1, 'dup')"));
  await step('execute', () => c.execute('SELECT id, s, b, u FROM n WHERE id >= ? AND s <> ? ORDER BY id', [1, 'x']));
  await step('execute-again', () => c.execute('SELECT id, s, b, u FROM n WHERE id >= ? AND s <> ? ORDER BY id', [2, 'y']));
  await step('execute-insert', () => c.execute('INSERT INTO n (s, b, d) VALUES (?, ?, ?)',
    ['bin', Buffer.from([1, 2, 3, 0]), '2020-01-01 00:00:00']));
  await step('execute-null', () => c.execute('SELECT ? IS NULL AS isnull, ? AS txt', [null, 'ü']));
  await step('execute-error', () => c.execute('SELECT * FROM missing WHERE x = ?', [1]));
  await step('transaction', async () => { await c.beginTransaction(); await c.query("UPDATE n SET s = 'tx'");
    await c.rollback(); return c.query('SELECT s FROM n ORDER BY id'); });
  await step('procedure', async () => { await c.query('CREATE PROCEDURE pp() BEGIN SELECT 1 AS a; SELECT 2 AS b; END');
    return c.query('CALL pp()'); });
  await step('ping', async () => { await c.ping(); return [[], []]; });
  await step('change-user', async () => { await c.changeUser({user, password, database});
    return c.query('SELECT DATABASE() AS db, @@session.sql_mode AS mode'); });
  await step('big', () => c.query('SELECT LENGTH(?) AS len', ['z'.repeat(20 * 1024 * 1024)]));
  await c.end();
})().catch(e => { console.log(JSON.stringify({fatal: String(e)})); process.exit(1); });
