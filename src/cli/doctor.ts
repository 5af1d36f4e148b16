// `blast-radius doctor` (in progress).
import { CliError } from './errors';

export async function runDoctor(_argv: string[]): Promise<number> {
  throw new CliError('doctor: not built yet');
}
