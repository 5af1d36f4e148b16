// Containers: a container run with host folders mounted is judged against the host paths; its own
// paths are harmless to the host; exec into a compose service runs the command as written.
import { packCases } from './helper';

packCases('containers: host mounts, compose, prunes', [
  { cmd: 'docker run -v /:/host alpine rm -rf /host/etc', level: 'critical', rule: 'path.delete-recursive' },
  { cmd: 'docker run --rm -v /:/host alpine chroot /host rm -rf /', level: 'critical', rule: 'path.delete-recursive' },
  { cmd: 'docker run --rm -v /:/mnt alpine sh -c "rm -rf /mnt/home/*"', level: 'critical', rule: 'path.delete-recursive' },
  { cmd: 'docker run --rm -v "$HOME":/h -w /h alpine rm -rf .', level: 'critical', rule: 'path.delete-recursive' },
  { cmd: 'podman run --rm -v /etc:/e:Z alpine sh -c "echo x > /e/passwd"', level: 'high', rule: 'path.write-system' },
  { cmd: 'docker run --mount type=bind,source=/var/lib/postgresql,target=/data alpine rm -rf /data', level: 'high', rule: 'path.delete-recursive' },
  { cmd: 'docker compose exec web php artisan migrate:fresh --force', level: 'high', rule: 'orm.db-reset' },
  { cmd: 'docker compose run --rm app rails db:drop', level: 'high', rule: 'orm.db-drop' },
  { cmd: 'docker system prune -af --volumes', level: 'high', rule: 'shell.docker-prune' },
  { cmd: 'docker compose down -v', level: 'high', rule: 'shell.docker-volume-rm' },
  // look-alikes
  { cmd: 'docker run --rm alpine rm -rf /', level: 'low', why: "the container's own root" },
  { cmd: 'docker run --rm -v $PWD:/app alpine sh -c "rm -rf /var/cache/apk/* && ls /app"', level: 'low', why: 'the deleted path is not under a mount' },
  { cmd: 'docker run --rm -v $PWD:/app -w /app node:20 rm -rf node_modules', level: 'low', why: 'a regenerable folder of the current directory' },
  { cmd: 'docker run -d -p 80:80 nginx', level: 'low' },
  { cmd: 'docker run --rm -v /:/host alpine ls /host/etc', level: 'low' },
  { cmd: 'docker compose exec web php artisan migrate:status', level: 'low' },
  { cmd: 'docker compose --dry-run down -v', level: 'low' },
  { cmd: 'docker system df', level: 'low' },
  { cmd: 'docker compose down', level: 'low' },
]);
