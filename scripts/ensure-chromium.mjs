// Make sure a Chromium exists for the e2e tests and print its path.
// Order: CHROMIUM_PATH, /usr/bin/chromium(-browser), apt-get (when root), `npx playwright install chromium`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolveChromium } from './chromium-path.mjs';

function run(cmd, args) {
  console.log(`ensure-chromium: $ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;
}

function hasAptGet() {
  return ['/usr/bin/apt-get', '/bin/apt-get'].some((p) => existsSync(p));
}

export function ensureChromium() {
  if (process.env.CHROMIUM_PATH && !existsSync(process.env.CHROMIUM_PATH)) {
    console.error(`ensure-chromium: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return undefined;
  }
  let found = resolveChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasAptGet()) {
    process.env.DEBIAN_FRONTEND = 'noninteractive';
    if (run('apt-get', ['update']) &&
        run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'])) {
      found = resolveChromium();
      if (found) return found;
    }
  }
  if (run('npx', ['playwright', 'install', 'chromium'])) found = resolveChromium();
  return found;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const found = ensureChromium();
  if (!found) {
    console.error(
      'ensure-chromium: no Chromium found. Install Debian `chromium` (apt-get install chromium), ' +
        'run `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium binary.',
    );
    process.exit(1);
  }
  console.log(`ensure-chromium: using ${found.path} (${found.source})`);
}
