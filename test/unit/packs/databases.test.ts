// Database clients: dumps piped straight back (they drop what they hold), Redis bulk deletes from a
// scan, and the reads that look like them.
import { packCases } from './helper';

packCases('databases: dumps piped back, Redis scans', [
  { cmd: 'pg_dump --clean app | psql -h db.internal app_copy', level: 'high', rule: 'data.restore-drop' },
  { cmd: 'pg_dump -c app | psql -h prod-db.internal app', level: 'critical', rule: 'data.restore-drop' },
  { cmd: 'mysqldump app | mysql -h replica app', level: 'high', rule: 'data.restore-drop', why: 'mysqldump writes DROP TABLE by default' },
  { cmd: "redis-cli --scan --pattern 'sess:*' | xargs redis-cli del", level: 'high', rule: 'data.keys-delete' },
  { cmd: "redis-cli KEYS '*' | xargs redis-cli DEL", level: 'high', rule: 'data.keys-delete' },
  { cmd: 'redis-cli FLUSHALL', level: 'critical', rule: 'sql.redis-flushall' },
  { cmd: 'redis-cli -u redis://:pw@prod-cache:6379 FLUSHDB', level: 'critical' },
  { cmd: 'dropdb app_production', level: 'critical', rule: 'shell.db-drop' },
  { cmd: 'psql -f migrate.sql app', level: 'medium', rule: 'shell.sql-unknown' },
  // look-alikes
  { cmd: 'pg_dump app | psql app_copy', level: 'medium', rule: 'shell.sql-unknown', why: 'no --clean: it adds, and what it runs is unknown' },
  { cmd: 'pg_dump -Fc app > app.dump', level: 'low' },
  { cmd: 'mysqldump --skip-add-drop-table app | mysql app_copy', level: 'medium', rule: 'shell.sql-unknown' },
  { cmd: "redis-cli --scan --pattern 'sess:*'", level: 'low' },
  { cmd: "redis-cli --scan --pattern 'sess:*' | wc -l", level: 'low' },
  { cmd: 'redis-cli GET sess:42', level: 'low' },
  { cmd: 'psql -c "SELECT 1" app', level: 'low' },
  { cmd: 'psql -l', level: 'low' },
]);
