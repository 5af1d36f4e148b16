// `blast-radius install|uninstall <agent…>` (in progress).
import { CliError } from './errors';

export async function runInstall(_argv: string[]): Promise<number> {
  throw new CliError('install: not built yet');
}
export async function runUninstall(_argv: string[]): Promise<number> {
  throw new CliError('uninstall: not built yet');
}
